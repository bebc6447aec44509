using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The hosted checkpoint publisher: every <see cref="CheckpointPublishingOptions.PollInterval"/> it runs
/// <see cref="CheckpointPublisher.PublishIfDueAsync"/> for each chain in a scope of its own. A run that fails, or leaves a checkpoint
/// pending in a sink, is logged, counted and retried after a backoff measured on the <see cref="IClock"/>; the pending checkpoints
/// are read from the chain on every run, so none is dropped. Stops at host shutdown between runs or inside one (a cancelled run
/// leaves its checkpoints pending, never half-recorded: the append is one transaction). A chain the host writes through an
/// <see cref="IChainWriter"/> (the group-commit access log) gets its checkpoint entries through that writer, so publishing
/// never contends with the callers' commits for the chain's lock.
/// </summary>
internal sealed partial class CheckpointPublishingService(IServiceScopeFactory scopes, IClock clock, IOptions<CheckpointPublishingOptions> options,
    IOptions<ComplianceKitOptions> kit, ILogger<CheckpointPublishingService> logger) : BackgroundService
{
    private readonly CheckpointPublishingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var chains = _options.Chains.Count == 0 ? [kit.Value.DefaultChainId] : _options.Chains.Distinct(StringComparer.Ordinal).ToList();
        if (_options.AllChains)
        {
            chains.Add(AllChainsCheckpoint.Wildcard); // No chain id can be "*": it stands for the all-chains checkpoint.
        }

        var retries = chains.ToDictionary(c => c, _ => new RetryState(), StringComparer.Ordinal);
        var marks = chains.ToDictionary(c => c, _ => (CheckpointReadMark?)null, StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var chain in chains)
                {
                    var retry = retries[chain];
                    if (retry.NotBefore is { } notBefore && clock.GetCurrentInstant() < notBefore)
                    {
                        continue;
                    }

                    if (await RunAsync(chain, marks, stoppingToken).ConfigureAwait(false))
                    {
                        retry.Failures = 0;
                        retry.NotBefore = null;
                    }
                    else
                    {
                        retry.Failures++;
                        retry.NotBefore = clock.GetCurrentInstant() + BackoffAfter(retry.Failures);
                    }
                }

                await Task.Delay(_options.PollInterval.ToTimeSpan(), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: whatever this run did not publish stays pending in the chain for the next start.
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: the first delay, doubled per failure, at most the maximum.</summary>
    internal Duration BackoffAfter(int failures)
    {
        var delay = _options.FirstRetryDelay;
        for (var i = 1; i < failures && delay < _options.MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>One run for <paramref name="chain"/>; <paramref name="marks"/> carries each chain's read mark from run to run.</summary>
    private async Task<bool> RunAsync(string chain, Dictionary<string, CheckpointReadMark?> marks, CancellationToken stoppingToken)
    {
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var services = scope.ServiceProvider;
                var signer = _options.SignerKey is null ? services.GetRequiredService<ICmsSigner>() : services.GetRequiredKeyedService<ICmsSigner>(_options.SignerKey);
                var sinks = _options.Sinks.Concat(services.GetServices<ICheckpointSink>());
                var ledger = services.GetRequiredService<IComplianceLedger>();
                var required = _options.WitnessesRequired ?? _options.Witnesses.Count;
                CheckpointPublication publication;
                if (chain == AllChainsCheckpoint.Wildcard)
                {
                    publication = await new AllChainsCheckpointPublisher(ledger, clock, kit, sinks, services.GetService<ILogger<AllChainsCheckpointPublisher>>())
                    {
                        Witnesses = [.. _options.Witnesses], WitnessesRequired = required,
                    }.PublishIfDueAsync(signer, _options.Schedule, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    var publisher = new CheckpointPublisher(ledger, clock, kit, sinks, services.GetService<ILogger<CheckpointPublisher>>())
                    {
                        Witnesses = [.. _options.Witnesses], WitnessesRequired = required, ChainWriters = [.. services.GetServices<IChainWriter>()],
                        ReadMark = marks[chain],
                    };
                    publication = await publisher.PublishIfDueAsync(chain, signer, _options.Schedule, stoppingToken).ConfigureAwait(false);
                    marks[chain] = publisher.ReadMark;
                }

                if (publication.Recorded is { } recorded)
                {
                    LogPublished(chain, recorded.Checkpoint.Checkpoint.TreeSize, recorded.Sequence);
                }

                return publication.IsComplete;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogRunFailed(chain, ex.GetType().Name, ex);
            ComplianceKitDiagnostics.CheckpointFailures.Add(1, ComplianceKitDiagnostics.ChainTag(chain), new(ComplianceKitTagNames.Status, "RunFailed"));
            return false;
        }
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointPublished, Level = LogLevel.Information,
        Message = "Checkpoint of chain '{ChainId}' at size {TreeSize} recorded (entry {Sequence}) and published.")]
    private partial void LogPublished(string chainId, long treeSize, long sequence);

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointRunFailed, Level = LogLevel.Error,
        Message = "The checkpoint publisher's run for chain '{ChainId}' failed ({ErrorType}); it is retried after a backoff.")]
    private partial void LogRunFailed(string chainId, string errorType, Exception exception);

    private sealed class RetryState
    {
        public int Failures { get; set; }

        public Instant? NotBefore { get; set; }
    }
}
