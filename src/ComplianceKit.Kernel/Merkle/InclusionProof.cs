namespace ComplianceKit.Merkle;

/// <summary>
/// An RFC 6962 / RFC 9162 inclusion proof (audit path): the hashes needed to recompute the root of a
/// tree of <see cref="TreeSize"/> leaves from the leaf at <see cref="LeafIndex"/>.
/// </summary>
/// <remarks>
/// The values are not validated against each other here, so that a verifier can report exactly what
/// is wrong with a received proof; use <see cref="MerkleProofVerifier.VerifyInclusion"/>.
/// The path is copied on construction. Two proofs are equal when their index, size and path bytes are equal.
/// </remarks>
public sealed record InclusionProof
{
    /// <summary>Creates an inclusion proof.</summary>
    /// <param name="leafIndex">The zero-based index of the leaf.</param>
    /// <param name="treeSize">The number of leaves of the tree the proof is for.</param>
    /// <param name="path">The sibling hashes, ordered from the leaf's sibling up to the root's child; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">An element of <paramref name="path"/> is null.</exception>
    public InclusionProof(long leafIndex, long treeSize, IReadOnlyList<byte[]> path)
    {
        LeafIndex = leafIndex;
        TreeSize = treeSize;
        Path = MerkleHashes.CopyPath(path, nameof(path));
    }

    /// <summary>Gets the zero-based index of the leaf whose inclusion is proven.</summary>
    public long LeafIndex { get; }

    /// <summary>Gets the number of leaves of the tree the proof is for.</summary>
    public long TreeSize { get; }

    /// <summary>Gets the sibling hashes, ordered from the leaf's sibling up to the root's child.</summary>
    public IReadOnlyList<byte[]> Path { get; }

    /// <summary>Compares index, size and every path hash byte for byte.</summary>
    /// <param name="other">The proof to compare with.</param>
    /// <returns><see langword="true"/> when the proofs are identical.</returns>
    public bool Equals(InclusionProof? other) =>
        other is not null && LeafIndex == other.LeafIndex && TreeSize == other.TreeSize
        && MerkleHashes.PathEquals(Path, other.Path);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(LeafIndex, TreeSize, MerkleHashes.PathHashCode(Path));

    /// <summary>Formats the proof with its path in lowercase hex.</summary>
    /// <returns>The formatted proof.</returns>
    public override string ToString() =>
        $"InclusionProof {{ LeafIndex = {LeafIndex}, TreeSize = {TreeSize}, Path = {MerkleHashes.FormatPath(Path)} }}";
}
