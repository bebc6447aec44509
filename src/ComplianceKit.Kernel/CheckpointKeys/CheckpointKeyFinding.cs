namespace ComplianceKit.CheckpointKeys;

/// <summary>A key rotation entry that does not count, and why.</summary>
/// <param name="Sequence">The entry's sequence.</param>
/// <param name="Kind">Why it does not count.</param>
/// <param name="Message">A sentence naming the entry and the reason.</param>
public sealed record CheckpointKeyFinding(long Sequence, CheckpointKeyFindingKind Kind, string Message);
