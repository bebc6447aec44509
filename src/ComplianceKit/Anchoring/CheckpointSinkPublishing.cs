using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Gives every recorded checkpoint a sink does not hold yet to that sink, in order (docs/FORMAT.md 13.2): a sink that fails keeps
/// it and every later one pending, reported and logged, so that a sink holds a prefix of the history, never one with holes.
/// </summary>
internal static partial class CheckpointSinkPublishing
{
    /// <summary>Asks every sink what it holds of the newest checkpoint's origin, then publishes what each lacks.</summary>
    public static async Task<(Dictionary<string, int> Published, List<CheckpointSinkFailure> Failures)> PublishPendingAsync(IReadOnlyList<ICheckpointSink> sinks,
        IReadOnlyList<RecordedCheckpoint> recorded, ILogger logger, CancellationToken cancellationToken)
    {
        if (recorded.Count == 0)
        {
            return (new Dictionary<string, int>(StringComparer.Ordinal), []);
        }

        var (held, unreadable) = await AskAsync(sinks, recorded[^1].Checkpoint.Checkpoint.Origin, cancellationToken).ConfigureAwait(false);
        var failures = unreadable.Select(u => Fail(logger, u.Sink, recorded[^1], u.Error)).ToList();
        var published = await PublishPendingAsync(sinks, recorded, held, failures, logger, cancellationToken).ConfigureAwait(false);
        return (published, failures);
    }

    /// <summary>The largest tree size each sink holds of <paramref name="origin"/>; a sink that cannot be read is left out and returned apart.</summary>
    public static async Task<(Dictionary<ICheckpointSink, long?> Held, List<(ICheckpointSink Sink, CheckpointSinkException Error)> Unreadable)> AskAsync(
        IReadOnlyList<ICheckpointSink> sinks, string origin, CancellationToken cancellationToken)
    {
        var held = new Dictionary<ICheckpointSink, long?>(ReferenceEqualityComparer.Instance);
        var unreadable = new List<(ICheckpointSink, CheckpointSinkException)>();
        foreach (var sink in sinks)
        {
            try
            {
                held[sink] = await sink.GetNewestTreeSizeAsync(origin, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointSinkException ex)
            {
                unreadable.Add((sink, ex));
            }
        }

        return (held, unreadable);
    }

    /// <summary>Gives each sink asked (<paramref name="held"/>) the recorded checkpoints from the size it holds on; failures are added to <paramref name="failures"/>.</summary>
    public static async Task<Dictionary<string, int>> PublishPendingAsync(IReadOnlyList<ICheckpointSink> sinks, IReadOnlyList<RecordedCheckpoint> recorded,
        Dictionary<ICheckpointSink, long?> held, List<CheckpointSinkFailure> failures, ILogger logger, CancellationToken cancellationToken)
    {
        var published = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sink in sinks)
        {
            published[sink.Name] = 0;
            if (!held.TryGetValue(sink, out var size))
            {
                continue;
            }

            // The sink's newest is given again: the same bytes are a no-op, another root at that size is a fork the sink refuses.
            foreach (var pending in recorded.Where(r => size is null || r.Checkpoint.Checkpoint.TreeSize >= size))
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

        return published;
    }

    public static CheckpointSinkFailure Fail(ILogger logger, ICheckpointSink sink, RecordedCheckpoint checkpoint, CheckpointSinkException ex)
    {
        LogPending(logger, checkpoint.ChainId, checkpoint.Checkpoint.Checkpoint.TreeSize, sink.Name, ex.Message, ex);
        ComplianceKitDiagnostics.CheckpointFailures.Add(1, ComplianceKitDiagnostics.ChainTag(checkpoint.ChainId), new(ComplianceKitTagNames.Status, "SinkFailed"));
        return new CheckpointSinkFailure(sink.Name, checkpoint.Checkpoint.Checkpoint.TreeSize, ex.Message, ex.IsConflict);
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointPublicationPending, Level = LogLevel.Error,
        Message = "Checkpoint of chain '{ChainId}' at size {TreeSize} could not be published to {Sink}; it stays pending: {Message}")]
    private static partial void LogPending(ILogger logger, string chainId, long treeSize, string sink, string message, Exception exception);
}
