namespace ComplianceKit.Anchoring;

/// <summary>The entry type that records a published checkpoint in the chain it checkpoints (docs/FORMAT.md 13.1).</summary>
public static class CheckpointEntryTypes
{
    /// <summary>
    /// <c>checkpoint.published</c>: the organisation's signed checkpoint of the chain at the size the entry's own sequence
    /// shows it was taken (its tree size is at most that sequence), so the history of checkpoints is part of the verified chain.
    /// </summary>
    public const string Published = "checkpoint.published";
}
