namespace ComplianceKit.Anchoring;

/// <summary>How a chain contradicts a checkpoint published earlier (each is exit code 1: anchored history was changed).</summary>
public enum AnchorFindingKind
{
    /// <summary>The chain's root at the checkpoint's size is not the checkpoint's root: entries it covers were rewritten.</summary>
    Contradicted = 1,

    /// <summary>The chain is smaller than the checkpoint: entries it covers were removed.</summary>
    Truncated = 2,

    /// <summary>The checkpoint's signature does not verify against the auditor's trust anchors, so it anchors nothing.</summary>
    SignatureInvalid = 3,

    /// <summary>The checkpoint's signature verifies, but the chain of checkpoint keys refuses its key at its time (rotated away, compromised; FORMAT.md 13.6).</summary>
    KeyRefused = 8,
}
