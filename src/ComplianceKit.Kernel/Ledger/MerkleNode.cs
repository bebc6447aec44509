namespace ComplianceKit.Ledger;

/// <summary>A stored Merkle node: the hash of the perfect subtree at <paramref name="Level"/> and <paramref name="Index"/>.</summary>
/// <param name="Level">The subtree's height; a multiple of <see cref="Merkle.MerkleStorageLayout.LevelStride"/>.</param>
/// <param name="Index">The subtree's position among the subtrees of that height, 0-based.</param>
/// <param name="Hash">The subtree's Merkle tree hash.</param>
public sealed record MerkleNode(int Level, long Index, byte[] Hash);
