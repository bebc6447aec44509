namespace ComplianceKit.Anchoring;

/// <summary>What recording a restore statement did: the statement recorded (and the entry holding it), or why it was refused.</summary>
/// <param name="Statement">The signed statement recorded, or <see langword="null"/> when refused.</param>
/// <param name="Sequence">The sequence of the <c>checkpoint.restored</c> entry, or <see langword="null"/> when refused.</param>
/// <param name="Refusal">Why nothing was written, or <see langword="null"/> when the statement was recorded.</param>
/// <param name="Failures">Per sink, why it could not take the recorded statement (publish it again with the sink's own method).</param>
public sealed record RestoreRecording(SignedRestoreStatement? Statement, long? Sequence, string? Refusal, IReadOnlyList<CheckpointSinkFailure> Failures)
{
    /// <summary>Whether the statement was recorded in the chain and every sink holds it.</summary>
    public bool IsComplete => Refusal is null && Failures.Count == 0;
}
