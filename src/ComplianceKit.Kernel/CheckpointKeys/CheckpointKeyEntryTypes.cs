namespace ComplianceKit.CheckpointKeys;

/// <summary>The entry types of the organisation's checkpoint key lifecycle (docs/FORMAT.md 13.6).</summary>
public static class CheckpointKeyEntryTypes
{
    /// <summary>The checkpoint key is replaced: signed by the key replaced and by its successor.</summary>
    public const string Rotated = "checkpoint.key.rotated";

    /// <summary>A checkpoint key is compromised from an instant: an administrative entry (FORMAT.md 7.1) an administrator signs.</summary>
    public const string Compromised = "checkpoint.key.compromised";

    /// <summary>Both types, for reading them from a chain.</summary>
    public static IReadOnlyList<string> All { get; } = [Rotated, Compromised];
}
