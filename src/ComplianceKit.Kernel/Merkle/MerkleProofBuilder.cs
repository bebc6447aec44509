namespace ComplianceKit.Merkle;

/// <summary>
/// Builds RFC 6962 inclusion and consistency proofs and tree roots from stored perfect-subtree hashes.
/// </summary>
/// <remarks>
/// Each proof or root reads O(log n) subtrees (at most about 2 log2 n, one per proof element plus one
/// decomposed right edge), so a proof in a tree of a million leaves needs a few dozen reads at most.
/// Reads are sequential. Thread safe if the source is.
/// </remarks>
public static class MerkleProofBuilder
{
    /// <summary>Builds the inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    /// <param name="source">The subtree hashes of a tree of at least <paramref name="size"/> leaves.</param>
    /// <param name="index">The zero-based leaf index.</param>
    /// <param name="size">The tree size; greater than <paramref name="index"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The proof, as RFC 6962 PATH(index, D[size]).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <paramref name="size"/>.</exception>
    /// <exception cref="InvalidDataException">The source returned a hash that is not 32 bytes.</exception>
    public static ValueTask<InclusionProof> BuildInclusionAsync(
        IMerkleSubtreeSource source, long index, long size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ranges = MerkleProofPlanner.InclusionRanges(index, size);
        return BuildInclusionCoreAsync(source, index, size, ranges, cancellationToken);
    }

    /// <summary>Builds the consistency proof between the trees of the first <paramref name="firstSize"/> and <paramref name="secondSize"/> leaves.</summary>
    /// <param name="source">The subtree hashes of a tree of at least <paramref name="secondSize"/> leaves.</param>
    /// <param name="firstSize">The size of the earlier tree; not negative.</param>
    /// <param name="secondSize">The size of the later tree; not below <paramref name="firstSize"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The proof, as RFC 6962 PROOF(firstSize, D[secondSize]); empty when the sizes are equal or the first is 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="firstSize"/> exceeds <paramref name="secondSize"/>.</exception>
    /// <exception cref="InvalidDataException">The source returned a hash that is not 32 bytes.</exception>
    public static ValueTask<ConsistencyProof> BuildConsistencyAsync(
        IMerkleSubtreeSource source, long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ranges = MerkleProofPlanner.ConsistencyRanges(firstSize, secondSize);
        return BuildConsistencyCoreAsync(source, firstSize, secondSize, ranges, cancellationToken);
    }

    /// <summary>Computes the root (Merkle Tree Hash) of the tree of the first <paramref name="size"/> leaves.</summary>
    /// <param name="source">The subtree hashes of a tree of at least <paramref name="size"/> leaves.</param>
    /// <param name="size">The tree size; not negative.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The 32-byte root; <see cref="MerkleHasher.EmptyRoot"/> for size 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    /// <exception cref="InvalidDataException">The source returned a hash that is not 32 bytes.</exception>
    public static ValueTask<byte[]> ComputeRootAsync(IMerkleSubtreeSource source, long size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return ComputeRangeHashCoreAsync(source, MerkleProofPlanner.PerfectSubtrees(new MerkleRange(0, size)), cancellationToken);
    }

    /// <summary>Computes the Merkle Tree Hash of a range of leaves from its perfect subtrees.</summary>
    /// <param name="source">The subtree hashes of a tree that contains the range.</param>
    /// <param name="range">The range; aligned as <see cref="MerkleProofPlanner.PerfectSubtrees"/> requires.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The 32-byte hash; <see cref="MerkleHasher.EmptyRoot"/> for an empty range.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The range is not aligned.</exception>
    /// <exception cref="InvalidDataException">The source returned a hash that is not 32 bytes.</exception>
    public static ValueTask<byte[]> ComputeRangeHashAsync(
        IMerkleSubtreeSource source, MerkleRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ComputeRangeHashCoreAsync(source, MerkleProofPlanner.PerfectSubtrees(range), cancellationToken);
    }

    private static async ValueTask<InclusionProof> BuildInclusionCoreAsync(
        IMerkleSubtreeSource source, long index, long size, IReadOnlyList<MerkleRange> ranges, CancellationToken cancellationToken)
    {
        var path = await ComputeRangeHashesAsync(source, ranges, cancellationToken).ConfigureAwait(false);
        return new InclusionProof(index, size, path);
    }

    private static async ValueTask<ConsistencyProof> BuildConsistencyCoreAsync(
        IMerkleSubtreeSource source, long firstSize, long secondSize, IReadOnlyList<MerkleRange> ranges, CancellationToken cancellationToken)
    {
        var path = await ComputeRangeHashesAsync(source, ranges, cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(firstSize, secondSize, path);
    }

    private static async ValueTask<byte[][]> ComputeRangeHashesAsync(
        IMerkleSubtreeSource source, IReadOnlyList<MerkleRange> ranges, CancellationToken cancellationToken)
    {
        var hashes = new byte[ranges.Count][];
        for (var i = 0; i < hashes.Length; i++)
        {
            var subtrees = MerkleProofPlanner.PerfectSubtrees(ranges[i]);
            hashes[i] = await ComputeRangeHashCoreAsync(source, subtrees, cancellationToken).ConfigureAwait(false);
        }

        return hashes;
    }

    private static async ValueTask<byte[]> ComputeRangeHashCoreAsync(
        IMerkleSubtreeSource source, IReadOnlyList<(int Level, long Index)> subtrees, CancellationToken cancellationToken)
    {
        if (subtrees.Count == 0)
        {
            return MerkleHasher.EmptyRoot.ToArray();
        }

        var hashes = new byte[subtrees.Count][];
        for (var i = 0; i < hashes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (level, index) = subtrees[i];
            var hash = await source.GetPerfectSubtreeHashAsync(level, index, cancellationToken).ConfigureAwait(false);
            if (hash is not { Length: MerkleHasher.HashSize })
            {
                throw new InvalidDataException(
                    $"The subtree source returned {(hash is null ? "null" : $"{hash.Length} bytes")} for level {level}, "
                    + $"index {index}; expected {MerkleHasher.HashSize} bytes.");
            }

            hashes[i] = hash;
        }

        return FoldRight(hashes);
    }

    private static byte[] FoldRight(byte[][] hashes)
    {
        // MTH of an aligned range = HashNode(p1, HashNode(p2, ... pm)), largest subtree first.
        Span<byte> accumulator = stackalloc byte[MerkleHasher.HashSize];
        hashes[^1].CopyTo(accumulator);
        for (var i = hashes.Length - 2; i >= 0; i--)
        {
            MerkleHasher.HashNode(hashes[i], accumulator, accumulator);
        }

        return accumulator.ToArray();
    }
}
