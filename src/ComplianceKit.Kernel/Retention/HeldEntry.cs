namespace ComplianceKit.Retention;

/// <summary>An entry whose retention has expired but that a legal hold protects: not purged.</summary>
/// <param name="Expired">What would be purged without the hold, and why.</param>
/// <param name="Holds">The active holds that cover it.</param>
public sealed record HeldEntry(PlannedPurge Expired, IReadOnlyList<RecordedHold> Holds);
