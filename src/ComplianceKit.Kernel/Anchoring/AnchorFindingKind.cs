namespace ComplianceKit.Anchoring;

/// <summary>How a chain departs from the checkpoints published earlier: every kind but <see cref="LostInRestore"/> is exit code 1 (anchored history was changed).</summary>
public enum AnchorFindingKind
{
    /// <summary>The chain's root at the checkpoint's size is not the checkpoint's root: entries it covers were rewritten.</summary>
    Contradicted = 1,

    /// <summary>The chain is smaller than the checkpoint: entries it covers were removed.</summary>
    Truncated = 2,

    /// <summary>The checkpoint's signature does not verify against the auditor's trust anchors, so it anchors nothing.</summary>
    SignatureInvalid = 3,

    /// <summary>
    /// Not tampering: a signed restore statement says entries from its restored-to size up to its lost size were lost when a
    /// backup was restored; the published checkpoints of that lost history are not held against the chain.
    /// </summary>
    LostInRestore = 4,

    /// <summary>The checkpoint's signature verifies, but the chain of checkpoint keys refuses its key at its time (rotated away, compromised; FORMAT.md 13.6).</summary>
    KeyRefused = 8,
}
