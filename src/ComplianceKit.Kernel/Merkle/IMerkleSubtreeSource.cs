namespace ComplianceKit.Merkle;

/// <summary>
/// Supplies hashes of perfect (complete, aligned) subtrees of one append-only Merkle tree, which is
/// all <see cref="MerkleProofBuilder"/> needs to build proofs and roots for any tree size.
/// </summary>
/// <remarks>
/// A perfect subtree never changes once its last leaf is appended, so implementations may cache
/// freely. Level 0 is the leaf hashes; the subtree at (level, index) covers the leaves
/// [index * 2^level, (index + 1) * 2^level).
/// </remarks>
public interface IMerkleSubtreeSource
{
    /// <summary>Gets the 32-byte Merkle Tree Hash of the perfect subtree at <paramref name="level"/> and <paramref name="index"/>.</summary>
    /// <param name="level">The height of the subtree; 0 for a single leaf hash.</param>
    /// <param name="index">The position of the subtree among the subtrees of that level.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The subtree hash; the caller may keep it and must not assume it is shared.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The subtree is not complete in the tree the source knows.</exception>
    ValueTask<byte[]> GetPerfectSubtreeHashAsync(int level, long index, CancellationToken cancellationToken);
}
