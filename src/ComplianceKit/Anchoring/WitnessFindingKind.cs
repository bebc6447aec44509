namespace ComplianceKit.Anchoring;

/// <summary>Why a witness refused to co-sign a checkpoint (each its own finding; the witness's state is unchanged).</summary>
public enum WitnessFindingKind
{
    /// <summary>The checkpoint is smaller than the one the witness last accepted for its origin: history was rolled back.</summary>
    Rollback = 1,

    /// <summary>The checkpoint is larger, but the consistency proof from the last accepted one does not verify: another history.</summary>
    Fork = 2,

    /// <summary>The checkpoint has the size of the last accepted one with another root.</summary>
    ConflictingRoot = 3,

    /// <summary>The log's signature over the checkpoint does not verify against the witness's trust anchors.</summary>
    SignatureInvalid = 4,
}
