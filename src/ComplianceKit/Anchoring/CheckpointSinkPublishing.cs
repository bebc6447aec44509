using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Gives every recorded checkpoint a sink does not hold yet to that sink, in order (docs/FORMAT.md 13.2): a sink that fails keeps
/// it and every later one pending, reported and logged, so that a sink holds a prefix of the history, never one with holes.
/// </summary>
internal static partial class CheckpointSinkPublishing
{
    public static async Task<(Dictionary<string, int> Published, List<CheckpointSinkFailure> Failures)> PublishPendingAsync(IReadOnlyList<ICheckpointSink> sinks,
        IReadOnlyList<RecordedCheckpoint> recorded, ILogger logger, CancellationToken cancellationToken)
    {
        var published = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<CheckpointSinkFailure>();
        if (recorded.Count == 0)
        {
            return (published, failures);
        }

        var origin = recorded[^1].Checkpoint.Checkpoint.Origin;
        foreach (var sink in sinks)
        {
            published[sink.Name] = 0;
            long? held;
            try
            {
                held = await sink.GetNewestTreeSizeAsync(origin, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointSinkException ex)
            {
                failures.Add(Fail(logger, sink, recorded[^1], ex));
                continue;
            }

            // The sink's newest is given again: the same bytes are a no-op, another root at that size is a fork the sink refuses.
            foreach (var pending in recorded.Where(r => held is null || r.Checkpoint.Checkpoint.TreeSize >= held))
            {
                try
                {
                    await sink.PublishAsync(pending.Checkpoint, cancellationToken).ConfigureAwait(false);
                    published[sink.Name]++;
                }
                catch (CheckpointSinkException ex)
                {
                    failures.Add(Fail(logger, sink, pending, ex));
                    break;
                }
            }
        }

        return (published, failures);
    }

    private static CheckpointSinkFailure Fail(ILogger logger, ICheckpointSink sink, RecordedCheckpoint checkpoint, CheckpointSinkException ex)
    {
        LogPending(logger, checkpoint.ChainId, checkpoint.Checkpoint.Checkpoint.TreeSize, sink.Name, ex.Message, ex);
        ComplianceKitDiagnostics.CheckpointFailures.Add(1, ComplianceKitDiagnostics.ChainTag(checkpoint.ChainId), new(ComplianceKitTagNames.Status, "SinkFailed"));
        return new CheckpointSinkFailure(sink.Name, checkpoint.Checkpoint.Checkpoint.TreeSize, ex.Message, ex.IsConflict);
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointPublicationPending, Level = LogLevel.Error,
        Message = "Checkpoint of chain '{ChainId}' at size {TreeSize} could not be published to {Sink}; it stays pending: {Message}")]
    private static partial void LogPending(ILogger logger, string chainId, long treeSize, string sink, string message, Exception exception);
}
