namespace ComplianceKit.Merkle;

/// <summary>
/// Why a Merkle proof failed to verify. Apart from <see cref="None"/>, members are ordered from the
/// most basic problem (the input cannot be interpreted) to the most specific (everything parsed but
/// the hashes do not match); a verifier reports the first problem it finds in that order.
/// </summary>
public enum MerkleProofFailure
{
    /// <summary>The proof is valid.</summary>
    None = 0,

    /// <summary>A leaf hash, root or proof element is not exactly 32 bytes.</summary>
    MalformedHash,

    /// <summary>A tree size is negative, or the first size of a consistency proof exceeds the second.</summary>
    InvalidSizes,

    /// <summary>The leaf index of an inclusion proof is negative or not below the tree size.</summary>
    IndexOutOfRange,

    /// <summary>The proof has more or fewer hashes than the sizes (and index) require.</summary>
    WrongProofLength,

    /// <summary>The proof is well formed, but the recomputed root differs from the expected one.</summary>
    RootMismatch,
}
