namespace ComplianceKit.Merkle;

/// <summary>
/// An RFC 6962 / RFC 9162 consistency proof: the hashes showing that the tree of
/// <see cref="FirstSize"/> leaves is a prefix of the tree of <see cref="SecondSize"/> leaves.
/// </summary>
/// <remarks>
/// The values are not validated against each other here, so that a verifier can report exactly what
/// is wrong with a received proof; use <see cref="MerkleProofVerifier.VerifyConsistency"/>.
/// The path is copied on construction. Two proofs are equal when their sizes and path bytes are equal.
/// </remarks>
public sealed record ConsistencyProof
{
    /// <summary>Creates a consistency proof.</summary>
    /// <param name="firstSize">The size of the earlier tree.</param>
    /// <param name="secondSize">The size of the later tree.</param>
    /// <param name="path">The proof hashes in RFC 6962 PROOF order; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">An element of <paramref name="path"/> is null.</exception>
    public ConsistencyProof(long firstSize, long secondSize, IReadOnlyList<byte[]> path)
    {
        FirstSize = firstSize;
        SecondSize = secondSize;
        Path = MerkleHashes.CopyPath(path, nameof(path));
    }

    /// <summary>Gets the size of the earlier tree.</summary>
    public long FirstSize { get; }

    /// <summary>Gets the size of the later tree.</summary>
    public long SecondSize { get; }

    /// <summary>Gets the proof hashes in RFC 6962 PROOF order (empty when the sizes are equal or the first is 0).</summary>
    public IReadOnlyList<byte[]> Path { get; }

    /// <summary>Compares both sizes and every path hash byte for byte.</summary>
    /// <param name="other">The proof to compare with.</param>
    /// <returns><see langword="true"/> when the proofs are identical.</returns>
    public bool Equals(ConsistencyProof? other) =>
        other is not null && FirstSize == other.FirstSize && SecondSize == other.SecondSize
        && MerkleHashes.PathEquals(Path, other.Path);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FirstSize, SecondSize, MerkleHashes.PathHashCode(Path));

    /// <summary>Formats the proof with its path in lowercase hex.</summary>
    /// <returns>The formatted proof.</returns>
    public override string ToString() =>
        $"ConsistencyProof {{ FirstSize = {FirstSize}, SecondSize = {SecondSize}, Path = {MerkleHashes.FormatPath(Path)} }}";
}
