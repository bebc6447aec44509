using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>A checkpoint recorded in its chain as a <c>checkpoint.published</c> entry.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Sequence">The sequence of the entry that records it.</param>
/// <param name="RecordedAt">When the entry was recorded (what a health check compares with the clock).</param>
/// <param name="Checkpoint">The signed checkpoint.</param>
public sealed record RecordedCheckpoint(string ChainId, long Sequence, Instant RecordedAt, SignedCheckpoint Checkpoint);
