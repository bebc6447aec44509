namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>A stored Merkle node (levels that are multiples of 4), so proofs read O(log n) rows.</summary>
public sealed class MerkleNodeRow
{
    /// <summary>The chain.</summary>
    public required string ChainId { get; set; }

    /// <summary>The subtree's height.</summary>
    public int Level { get; set; }

    /// <summary>The subtree's index among subtrees of its height.</summary>
    public long NodeIndex { get; set; }

    /// <summary>The subtree's Merkle tree hash.</summary>
    public required byte[] Hash { get; set; }
}
