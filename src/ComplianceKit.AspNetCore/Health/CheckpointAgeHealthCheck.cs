using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.AspNetCore.Health;

/// <summary>
/// Every chain's newest checkpoint keeps up with <see cref="ComplianceKitHealthCheckOptions.CheckpointSchedule"/>: entries
/// appended after it are anchored within one period (<see cref="CheckpointSchedule.Every"/> or
/// <see cref="CheckpointSchedule.EveryEntries"/>). Degraded when they wait longer than one period or no checkpoint exists yet,
/// unhealthy beyond two periods: the publisher or its sinks have stopped.
/// </summary>
/// <remarks>
/// Only a checkpoint the chain verified counts: the check first advances the ledger check's verified point (the same
/// incremental verification, under its lock), and ignores checkpoint entries recorded past it. A chain with nothing appended
/// since its newest checkpoint is healthy however old that checkpoint is: there is nothing to anchor.
/// </remarks>
internal sealed class CheckpointAgeHealthCheck(IServiceScopeFactory scopes, LedgerHealthCheck ledgerCheck, IClock clock,
    IOptions<ComplianceKitHealthCheckOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var schedule = options.Value.CheckpointSchedule
            ?? throw new InvalidOperationException("The checkpoint-age check is registered only with a CheckpointSchedule.");
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
            var publisher = scope.ServiceProvider.GetRequiredService<CheckpointPublisher>();
            var now = clock.GetCurrentInstant();
            var data = new Dictionary<string, object>(StringComparer.Ordinal);
            var late = new List<string>();
            var stopped = new List<string>();
            try
            {
                IReadOnlyList<string> chains = options.Value.Chains.Count > 0
                    ? [.. options.Value.Chains]
                    : await ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
                foreach (var chain in chains)
                {
                    var (verified, failure) = await ledgerCheck.VerifyChainAsync(ledger, chain, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        return HealthCheckResult.Unhealthy($"No checkpoint can be judged: {failure}", data: data);
                    }

                    var recorded = await publisher.ReadRecordedAsync(chain, cancellationToken).ConfigureAwait(false);
                    var newest = recorded.LastOrDefault(c => c.Sequence < verified);
                    var unanchored = verified - (newest is null ? 0 : newest.Sequence + 1);
                    data[chain] = unanchored;
                    if (unanchored == 0)
                    {
                        continue;
                    }

                    if (newest is null)
                    {
                        late.Add($"Chain '{chain}' has {unanchored} entries and no checkpoint yet.");
                        continue;
                    }

                    var age = now - newest.RecordedAt;
                    var periods = Math.Max(age / schedule.Every, (double)unanchored / schedule.EveryEntries);
                    var said = $"Chain '{chain}' has {unanchored} entries after its newest checkpoint (sequence {newest.Sequence}, {age.TotalMinutes:0} minutes old)";
                    if (periods > 2)
                    {
                        stopped.Add($"{said}: more than two periods of the schedule, checkpoints are not being published.");
                    }
                    else if (periods > 1)
                    {
                        late.Add($"{said}: a checkpoint is overdue.");
                    }
                }
            }
#pragma warning disable CA1031 // Any failure to read is the finding: the ledger is unreachable.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"The ledger cannot be read ({ex.GetType().Name}).", ex);
            }

            return stopped.Count > 0 ? HealthCheckResult.Unhealthy(string.Join(" ", stopped.Concat(late)), data: data)
                : late.Count > 0 ? HealthCheckResult.Degraded(string.Join(" ", late), data: data)
                : HealthCheckResult.Healthy("Every chain's entries are anchored by a checkpoint within the schedule.", data);
        }
    }
}
