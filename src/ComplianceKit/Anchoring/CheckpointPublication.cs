namespace ComplianceKit.Anchoring;

/// <summary>What one run of the publisher did: the checkpoint it recorded (if one was due) and what each sink did.</summary>
/// <param name="Recorded">The checkpoint recorded by this run, or <see langword="null"/> when none was due.</param>
/// <param name="Newest">The newest checkpoint recorded in the chain after this run, or <see langword="null"/> when there is none.</param>
/// <param name="Published">Per sink, how many recorded checkpoints it was given in this run.</param>
/// <param name="Failures">Per sink, why it could not take a checkpoint; those stay pending and are given again on the next run.</param>
public sealed record CheckpointPublication(RecordedCheckpoint? Recorded, RecordedCheckpoint? Newest, IReadOnlyDictionary<string, int> Published,
    IReadOnlyList<CheckpointSinkFailure> Failures)
{
    /// <summary>Whether every sink holds every recorded checkpoint.</summary>
    public bool IsComplete => Failures.Count == 0;
}
