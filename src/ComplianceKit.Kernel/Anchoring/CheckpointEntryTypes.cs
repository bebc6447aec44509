namespace ComplianceKit.Anchoring;

/// <summary>The entry type that records a published checkpoint in the chain it checkpoints (docs/FORMAT.md 13.1).</summary>
public static class CheckpointEntryTypes
{
    /// <summary>
    /// <c>checkpoint.published</c>: the organisation's signed checkpoint of the chain at the size the entry's own sequence
    /// shows it was taken (its tree size is at most that sequence), so the history of checkpoints is part of the verified chain.
    /// </summary>
    public const string Published = "checkpoint.published";

    /// <summary>
    /// <c>checkpoint.restored</c>: the organisation's signed restore statement (docs/FORMAT.md 13.7), recorded in the chain
    /// after a database backup was restored: the published checkpoint it was restored to and the history lost after it.
    /// </summary>
    public const string Restored = "checkpoint.restored";

    /// <summary>
    /// <c>checkpoint.cosigned</c>: witness co-signatures of the checkpoint an earlier <c>checkpoint.published</c> entry of the same chain
    /// records (docs/FORMAT.md 13.5), so the history of co-signatures is part of the verified chain. Like the checkpoint's own entry,
    /// it is not news that makes another checkpoint due.
    /// </summary>
    public const string Cosigned = "checkpoint.cosigned";

    /// <summary>
    /// <c>checkpoint.all-chains</c>: the organisation's signed checkpoint over the heads of every chain of the ledger (docs/FORMAT.md
    /// 13.8) and the chain heads it appended to the heads log, recorded in the chain <see cref="AllChainsCheckpoint.RecordingChainId"/>.
    /// </summary>
    public const string AllChains = "checkpoint.all-chains";
}
