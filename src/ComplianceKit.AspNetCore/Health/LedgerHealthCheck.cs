using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Telemetry;
using ComplianceKit.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceKit.AspNetCore.Health;

/// <summary>
/// The ledger is reachable and every chain verifies from the point this process last verified it to the head: each probe
/// reads only the entries appended since (continuing <see cref="ChainVerifier"/> from a <see cref="VerifiedPoint"/>) and checks
/// the head's Merkle root against all of them, in one read snapshot. The first probe of a process verifies from genesis.
/// </summary>
/// <remarks>
/// Unhealthy when the ledger cannot be read, when a chain does not verify (the failure stays until the chain verifies from
/// its last good point again) or when its head is below the verified point. Entries below the verified point are not read
/// again: tampering with them is found by a full <c>compliancekit verify</c> or the next process's first probe.
/// </remarks>
internal sealed partial class LedgerHealthCheck(IServiceScopeFactory scopes, VerifiedPoints points, IOptions<ComplianceKitHealthCheckOptions> options,
    ILogger<LedgerHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
            IReadOnlyList<string> chains;
            try
            {
                chains = options.Value.Chains.Count > 0 ? [.. options.Value.Chains] : await ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure to read is the finding: the ledger is unreachable.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"The ledger cannot be read ({ex.GetType().Name}).", ex);
            }

            await points.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var data = new Dictionary<string, object>(StringComparer.Ordinal);
                var failures = new List<string>();
                foreach (var chain in chains)
                {
                    var (size, failure) = await VerifyAsync(ledger, chain, cancellationToken).ConfigureAwait(false);
                    data[chain] = size;
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }

                return failures.Count == 0
                    ? HealthCheckResult.Healthy($"{chains.Count} chains verify to their heads.", data)
                    : HealthCheckResult.Unhealthy(string.Join(" ", failures), data: data);
            }
#pragma warning disable CA1031 // Any failure to read is the finding: the ledger is unreachable.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"The ledger cannot be read ({ex.GetType().Name}).", ex);
            }
            finally
            {
                points.Gate.Release();
            }
        }
    }

    /// <summary>
    /// As one chain of a probe, for a check that must judge only verified entries (<see cref="CheckpointAgeHealthCheck"/>): the
    /// size verified, or the reason the chain fails.
    /// </summary>
    internal async Task<(long Size, string? Failure)> VerifyChainAsync(IComplianceLedger ledger, string chain, CancellationToken cancellationToken)
    {
        await points.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await VerifyAsync(ledger, chain, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            points.Gate.Release();
        }
    }

    /// <summary>Verifies <paramref name="chain"/> from its verified point to the head; the size verified, or the reason it fails.</summary>
    private async Task<(long Size, string? Failure)> VerifyAsync(IComplianceLedger ledger, string chain, CancellationToken cancellationToken)
    {
        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Verify, chain);
        activity?.SetTag(ComplianceKitTagNames.Source, "health");
        var snapshot = await ledger.BeginReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            var point = points.Get(chain);
            var head = await ledger.GetTreeHeadAsync(chain, null, cancellationToken).ConfigureAwait(false);
            if (point is not null && head.Size < point.Size)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, VerificationStatus.HeadMismatch.ToString());
                LogChainFailed(logger, chain, VerificationStatus.HeadMismatch, head.Size);
                return (point.Size, $"Chain '{chain}' has {head.Size} entries, fewer than the {point.Size} this process verified.");
            }

            var purges = new List<LedgerEntry>();
            await foreach (var purge in ledger.ReadByTypeAsync(chain, [RetentionEntryTypes.Purged], cancellationToken).ConfigureAwait(false))
            {
                purges.Add(purge);
            }

            var explain = PurgeRegistry.FromEntries(purges).Explain;
            var verifier = point is null ? new ChainVerifier(chain, explain) : ChainVerifier.ContinueFrom(point, explain, null);
            await foreach (var entry in ledger.ReadAsync(chain, point?.Size ?? 0, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Sequence < head.Size)
                {
                    verifier.Add(entry);
                }
                else
                {
                    verifier.AddBeyondHead(entry, head.Size);
                }
            }

            var report = verifier.Complete(head.Size, recordedRoot: head.Root.ToArray());
            ComplianceKitDiagnostics.Describe(activity, report);
            if (report.IsValid && verifier.Position is { } verified)
            {
                points.Set(verified);
                return (verified.Size, null);
            }

            var first = report.FirstFailure;
            LogChainFailed(logger, chain, report.Status, first?.Sequence);
            return (point?.Size ?? 0, $"Chain '{chain}' does not verify: {report.Status} at sequence {first?.Sequence} ({report.TotalFailures} failures).");
        }
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.HealthChainFailed, Level = LogLevel.Warning,
        Message = "Health check: chain '{ChainId}' does not verify from its last verified point: {Status}, first at sequence {FirstSequence}.")]
    private static partial void LogChainFailed(ILogger logger, string chainId, VerificationStatus status, long? firstSequence);
}
