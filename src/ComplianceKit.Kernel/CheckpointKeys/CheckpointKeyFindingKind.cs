namespace ComplianceKit.CheckpointKeys;

/// <summary>Why a <c>checkpoint.key.rotated</c> entry does not count (docs/FORMAT.md 13.6).</summary>
public enum CheckpointKeyFindingKind
{
    /// <summary>The payload cannot be read.</summary>
    Malformed = 1,

    /// <summary>The signed <c>chainId</c> is not the chain the entry is in.</summary>
    WrongPlace = 2,

    /// <summary>The same signed content appeared earlier; only its first occurrence counts.</summary>
    Replayed = 3,

    /// <summary>The replaced key's signature is missing, does not verify, is by another certificate, or names another time.</summary>
    NotSignedByPreviousKey = 4,

    /// <summary>The successor key's signature is missing, does not verify, is by another certificate, or names another time.</summary>
    NotSignedByNewKey = 5,

    /// <summary>The replaced key is not the key in force (an earlier rotation replaced it), or the rotation is dated before the key's own start.</summary>
    NotTheKeyInForce = 6,

    /// <summary>The replaced key was recorded compromised, and its signature of the rotation has no trusted timestamp before that instant.</summary>
    PreviousKeyCompromised = 7,
}
