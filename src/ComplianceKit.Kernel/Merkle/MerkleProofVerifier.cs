using System.Numerics;

namespace ComplianceKit.Merkle;

/// <summary>
/// Verifies RFC 9162 inclusion (section 2.1.3.2) and consistency (section 2.1.4.2) proofs over
/// SHA-256, reporting the specific reason when a proof fails.
/// </summary>
/// <remarks>
/// Pure, thread safe, and allocation free for well-formed input apart from failure results.
/// The RFC algorithms bind proofs to the roots, not to the sizes: a proof can also verify for another
/// size whose path has the same shape (for example leaf 0 of a tree of 8 leaves verifies as leaf 0 of
/// 5, 6 or 7 leaves against the 8-leaf root), so sizes must come from the same authenticated tree
/// heads as the roots, never from the proof's sender alone.
/// </remarks>
public static class MerkleProofVerifier
{
    /// <summary>
    /// Verifies that the leaf with hash <paramref name="leafHash"/> is at <see cref="InclusionProof.LeafIndex"/>
    /// in the tree of <see cref="InclusionProof.TreeSize"/> leaves whose root is <paramref name="expectedRoot"/>.
    /// </summary>
    /// <param name="leafHash">The 32-byte leaf hash (see <see cref="MerkleHasher.HashLeaf(ReadOnlySpan{byte})"/>), not the leaf input.</param>
    /// <param name="proof">The inclusion proof.</param>
    /// <param name="expectedRoot">The 32-byte root from a trusted tree head of that size.</param>
    /// <returns>The result; never throws for malformed proof content.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is null.</exception>
    public static MerkleProofResult VerifyInclusion(ReadOnlySpan<byte> leafHash, InclusionProof proof, ReadOnlySpan<byte> expectedRoot)
    {
        ArgumentNullException.ThrowIfNull(proof);
        long index = proof.LeafIndex, size = proof.TreeSize;
        var path = proof.Path;

        if (size < 0)
        {
            return Fail(MerkleProofFailure.InvalidSizes, $"The tree size {size} is negative.");
        }

        // RFC 9162 2.1.3.2 step 1.
        if (index < 0 || index >= size)
        {
            return Fail(MerkleProofFailure.IndexOutOfRange, $"Leaf index {index} is outside a tree of {size} leaves.");
        }

        if (CheckHashes(leafHash, "leaf hash", expectedRoot, "expected root", path) is { } malformed)
        {
            return malformed;
        }

        // Steps 2 to 4, with r folded in place.
        long fn = index, sn = size - 1;
        Span<byte> r = stackalloc byte[MerkleHasher.HashSize];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return WrongInclusionLength(index, size, path.Count);
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHasher.HashNode(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHasher.HashNode(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        if (sn != 0)
        {
            return WrongInclusionLength(index, size, path.Count);
        }

        return r.SequenceEqual(expectedRoot)
            ? MerkleProofResult.Valid
            : Fail(
                MerkleProofFailure.RootMismatch,
                $"The proof for leaf {index} recomputes root {Convert.ToHexStringLower(r)}, not the expected "
                + $"{Convert.ToHexStringLower(expectedRoot)} for a tree of {size} leaves.");
    }

    /// <summary>
    /// Verifies that the tree of <see cref="ConsistencyProof.FirstSize"/> leaves with root
    /// <paramref name="firstRoot"/> is a prefix of the tree of <see cref="ConsistencyProof.SecondSize"/>
    /// leaves with root <paramref name="secondRoot"/>.
    /// </summary>
    /// <remarks>
    /// For 0 &lt; first &lt; second this is RFC 9162 section 2.1.4.2 step by step. When the sizes are
    /// equal the proof must be empty and the roots equal (RFC 6962 SUBPROOF(m, D[m], true) = {}).
    /// When the first size is 0 the proof must be empty and <paramref name="firstRoot"/> must be
    /// <see cref="MerkleHasher.EmptyRoot"/>; every tree extends the empty tree.
    /// </remarks>
    /// <param name="proof">The consistency proof.</param>
    /// <param name="firstRoot">The 32-byte root of the earlier tree, from a trusted tree head.</param>
    /// <param name="secondRoot">The 32-byte root of the later tree, from a trusted tree head.</param>
    /// <returns>The result; never throws for malformed proof content.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is null.</exception>
    public static MerkleProofResult VerifyConsistency(ConsistencyProof proof, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot)
    {
        ArgumentNullException.ThrowIfNull(proof);
        long first = proof.FirstSize, second = proof.SecondSize;
        var path = proof.Path;

        if (first < 0 || second < first)
        {
            return Fail(
                MerkleProofFailure.InvalidSizes,
                $"A consistency proof needs 0 <= first size <= second size; got {first} and {second}.");
        }

        if (CheckHashes(firstRoot, "first root", secondRoot, "second root", path) is { } malformed)
        {
            return malformed;
        }

        if (first == second || first == 0)
        {
            if (path.Count != 0)
            {
                return WrongConsistencyLength(first, second, path.Count);
            }

            var expectedFirst = first == 0 ? MerkleHasher.EmptyRoot : secondRoot;
            return firstRoot.SequenceEqual(expectedFirst)
                ? MerkleProofResult.Valid
                : Fail(
                    MerkleProofFailure.RootMismatch,
                    first == 0
                        ? $"The first root {Convert.ToHexStringLower(firstRoot)} is not the empty tree's root."
                        : $"Trees of the same size {first} have different roots.");
        }

        // Step 1.
        if (path.Count == 0)
        {
            return WrongConsistencyLength(first, second, 0);
        }

        // Steps 2 to 5: prepending first_hash is the same as starting from it instead of path[0].
        var start = BitOperations.IsPow2(first) ? 0 : 1;
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[MerkleHasher.HashSize];
        Span<byte> sr = stackalloc byte[MerkleHasher.HashSize];
        (start == 0 ? firstRoot : path[0]).CopyTo(fr);
        fr.CopyTo(sr);

        // Step 6.
        for (var i = start; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return WrongConsistencyLength(first, second, path.Count);
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHasher.HashNode(c, fr, fr);
                MerkleHasher.HashNode(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHasher.HashNode(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 7.
        if (sn != 0)
        {
            return WrongConsistencyLength(first, second, path.Count);
        }

        if (!fr.SequenceEqual(firstRoot))
        {
            return Fail(
                MerkleProofFailure.RootMismatch,
                $"The proof recomputes first root {Convert.ToHexStringLower(fr)}, not the expected "
                + $"{Convert.ToHexStringLower(firstRoot)} for a tree of {first} leaves.");
        }

        return sr.SequenceEqual(secondRoot)
            ? MerkleProofResult.Valid
            : Fail(
                MerkleProofFailure.RootMismatch,
                $"The proof recomputes second root {Convert.ToHexStringLower(sr)}, not the expected "
                + $"{Convert.ToHexStringLower(secondRoot)} for a tree of {second} leaves.");
    }

    private static MerkleProofResult? CheckHashes(
        ReadOnlySpan<byte> a, string aName, ReadOnlySpan<byte> b, string bName, IReadOnlyList<byte[]> path)
    {
        if (a.Length != MerkleHasher.HashSize)
        {
            return Malformed(aName, a.Length);
        }

        if (b.Length != MerkleHasher.HashSize)
        {
            return Malformed(bName, b.Length);
        }

        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].Length != MerkleHasher.HashSize)
            {
                return Malformed($"proof element {i}", path[i].Length);
            }
        }

        return null;
    }

    private static MerkleProofResult Malformed(string name, int length) =>
        Fail(MerkleProofFailure.MalformedHash, $"The {name} is {length} bytes; a Merkle hash is {MerkleHasher.HashSize}.");

    private static MerkleProofResult WrongInclusionLength(long index, long size, int actual) =>
        Fail(
            MerkleProofFailure.WrongProofLength,
            $"An inclusion proof for leaf {index} in a tree of {size} leaves has "
            + $"{MerkleProofPlanner.InclusionProofLength(index, size)} hashes; this one has {actual}.");

    private static MerkleProofResult WrongConsistencyLength(long first, long second, int actual) =>
        Fail(
            MerkleProofFailure.WrongProofLength,
            $"A consistency proof from {first} to {second} leaves has "
            + $"{MerkleProofPlanner.ConsistencyProofLength(first, second)} hashes; this one has {actual}.");

    private static MerkleProofResult Fail(MerkleProofFailure failure, string message) =>
        MerkleProofResult.Invalid(failure, message);
}
