namespace ComplianceKit.Anchoring;

/// <summary>What one run of the publisher did: the checkpoint it recorded (if one was due), what each sink did, and what the witnesses gave.</summary>
/// <param name="Recorded">The checkpoint recorded by this run, or <see langword="null"/> when none was due.</param>
/// <param name="Newest">The newest checkpoint recorded in the chain after this run, or <see langword="null"/> when there is none.</param>
/// <param name="Published">Per sink, how many recorded checkpoints it was given in this run.</param>
/// <param name="Failures">Per sink, why it could not take a checkpoint; those stay pending and are given again on the next run.</param>
public sealed record CheckpointPublication(RecordedCheckpoint? Recorded, RecordedCheckpoint? Newest, IReadOnlyDictionary<string, int> Published,
    IReadOnlyList<CheckpointSinkFailure> Failures)
{
    /// <summary>How many distinct witnesses co-signed <see cref="Newest"/>, as recorded in the chain (0 without witnesses).</summary>
    public int Cosignatures { get; init; }

    /// <summary>How many co-signatures the publisher requires of each checkpoint (0 without witnesses).</summary>
    public int WitnessesRequired { get; init; }

    /// <summary>The witnesses asked in this run that did not co-sign <see cref="Newest"/>, each with why.</summary>
    public IReadOnlyList<WitnessFailure> WitnessFailures { get; init; } = [];

    /// <summary>
    /// Whether the newest checkpoint has the co-signatures required; true while the chain has no checkpoint (nothing to co-sign), so a
    /// publisher started on an empty chain is not backed off before its first checkpoint.
    /// </summary>
    public bool HasQuorum => Newest is null || Cosignatures >= WitnessesRequired;

    /// <summary>Whether every sink holds every recorded checkpoint and the newest has the co-signatures required.</summary>
    public bool IsComplete => Failures.Count == 0 && HasQuorum;
}
