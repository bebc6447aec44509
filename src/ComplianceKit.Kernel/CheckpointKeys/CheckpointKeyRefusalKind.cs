namespace ComplianceKit.CheckpointKeys;

/// <summary>Why a checkpoint signature that verifies is still refused by the chain of keys (docs/FORMAT.md 13.6).</summary>
public enum CheckpointKeyRefusalKind
{
    /// <summary>The key was recorded compromised, and the signature has no trusted timestamp before that instant.</summary>
    Compromised = 1,

    /// <summary>The key was rotated away before the signature's time.</summary>
    RotatedAway = 2,

    /// <summary>The signature's time is before the rotation that made the key the checkpoint key.</summary>
    NotYetInForce = 3,

    /// <summary>The key is not in the chain of keys, and the signature's time is after the chain began.</summary>
    NotInKeyChain = 4,

    /// <summary>The verifier pinned a checkpoint key, and the chain of keys does not lead from it to the key that signed (docs/FORMAT.md 12.16).</summary>
    NotFromPinnedKey = 5,
}
