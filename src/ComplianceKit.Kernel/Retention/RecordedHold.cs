using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>An active legal hold as the chain records it.</summary>
/// <param name="Hold">The definition.</param>
/// <param name="PlacedBy">Who placed it (the entry's actor).</param>
/// <param name="Sequence">The sequence of the <see cref="RetentionEntryTypes.HoldPlaced"/> entry.</param>
/// <param name="PlacedAt">When it was recorded.</param>
public sealed record RecordedHold(LegalHold Hold, string PlacedBy, long Sequence, Instant PlacedAt);
