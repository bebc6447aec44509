using System.Numerics;

namespace ComplianceKit.Merkle;

/// <summary>
/// Plans Merkle proofs without touching any hash: which leaf ranges' Merkle Tree Hashes make up a
/// proof (RFC 6962 section 2.1.1 PATH and section 2.1.2 SUBPROOF), how long a proof must be, and how
/// a range decomposes into aligned perfect subtrees that a store can read directly.
/// </summary>
/// <remarks>Pure and thread safe.</remarks>
internal static class MerkleProofPlanner
{
    /// <summary>
    /// Returns, in proof order (from the leaf's sibling up), the leaf ranges whose Merkle Tree Hashes
    /// form the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves.
    /// </summary>
    /// <param name="index">The zero-based leaf index.</param>
    /// <param name="size">The tree size; greater than <paramref name="index"/>.</param>
    /// <returns>The ranges; empty for a tree of one leaf. Each can be passed to <see cref="PerfectSubtrees"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <paramref name="size"/>.</exception>
    public static IReadOnlyList<MerkleRange> InclusionRanges(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);

        // PATH(m, D[n]) descends from the root; the siblings are collected top-down, then reversed.
        var ranges = new List<MerkleRange>(InclusionProofLength(index, size));
        long start = 0, end = size;
        while (end - start > 1)
        {
            var split = start + LargestPowerOfTwoBelow(end - start);
            if (index < split)
            {
                ranges.Add(new MerkleRange(split, end));
                end = split;
            }
            else
            {
                ranges.Add(new MerkleRange(start, split));
                start = split;
            }
        }

        ranges.Reverse();
        return ranges.AsReadOnly();
    }

    /// <summary>
    /// Returns, in proof order, the leaf ranges whose Merkle Tree Hashes form the consistency proof
    /// PROOF(<paramref name="firstSize"/>, D[<paramref name="secondSize"/>]).
    /// </summary>
    /// <param name="firstSize">The size of the earlier tree; not negative.</param>
    /// <param name="secondSize">The size of the later tree; not below <paramref name="firstSize"/>.</param>
    /// <returns>
    /// The ranges; empty when the sizes are equal or <paramref name="firstSize"/> is 0 (any tree is
    /// consistent with the empty tree). Each can be passed to <see cref="PerfectSubtrees"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="firstSize"/> exceeds <paramref name="secondSize"/>.</exception>
    public static IReadOnlyList<MerkleRange> ConsistencyRanges(long firstSize, long secondSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        if (firstSize == 0 || firstSize == secondSize)
        {
            return [];
        }

        // SUBPROOF(m, D[n], b), unrolled: m is relative to start, b turns false after a right descent.
        var ranges = new List<MerkleRange>(ConsistencyProofLength(firstSize, secondSize));
        long start = 0, end = secondSize, m = firstSize;
        var isOriginalFirstTree = true;
        while (m != end - start)
        {
            var k = LargestPowerOfTwoBelow(end - start);
            if (m <= k)
            {
                ranges.Add(new MerkleRange(start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add(new MerkleRange(start, start + k));
                m -= k;
                start += k;
                isOriginalFirstTree = false;
            }
        }

        if (!isOriginalFirstTree)
        {
            ranges.Add(new MerkleRange(start, end));
        }

        ranges.Reverse();
        return ranges.AsReadOnly();
    }

    /// <summary>Returns the number of hashes in the inclusion proof of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves.</summary>
    /// <param name="index">The zero-based leaf index.</param>
    /// <param name="size">The tree size; greater than <paramref name="index"/>.</param>
    /// <returns>The proof length, at most 63.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <paramref name="size"/>.</exception>
    public static int InclusionProofLength(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);

        // Levels where the paths to the leaf and to the last leaf differ, plus left siblings above them.
        var inner = BitLength(index ^ (size - 1));
        return inner + BitOperations.PopCount((ulong)(index >> inner));
    }

    /// <summary>Returns the number of hashes in the consistency proof between trees of <paramref name="firstSize"/> and <paramref name="secondSize"/> leaves.</summary>
    /// <param name="firstSize">The size of the earlier tree; not negative.</param>
    /// <param name="secondSize">The size of the later tree; not below <paramref name="firstSize"/>.</param>
    /// <returns>The proof length; 0 when the sizes are equal or <paramref name="firstSize"/> is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="firstSize"/> exceeds <paramref name="secondSize"/>.</exception>
    public static int ConsistencyProofLength(long firstSize, long secondSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        if (firstSize == 0 || firstSize == secondSize)
        {
            return 0;
        }

        // The inclusion path of leaf first-1 in the second tree, minus the levels inside the
        // largest perfect subtree ending at first-1, plus that subtree unless it is the whole first tree.
        var inner = BitLength((firstSize - 1) ^ (secondSize - 1));
        var border = BitOperations.PopCount((ulong)((firstSize - 1) >> inner));
        var shift = BitOperations.TrailingZeroCount(firstSize);
        var seed = BitOperations.IsPow2(firstSize) ? 0 : 1;
        return seed + inner - shift + border;
    }

    /// <summary>
    /// Decomposes a range into aligned perfect subtrees, largest first, such that the Merkle Tree
    /// Hash of the range is the right fold <c>HashNode(p1, HashNode(p2, ... HashNode(pm-1, pm)))</c>
    /// of their hashes (a single subtree's hash when m = 1).
    /// </summary>
    /// <remarks>
    /// The subtrees follow the binary digits of <see cref="MerkleRange.Count"/>, which is exactly how
    /// RFC 6962 MTH splits at the largest power of two below n. That identity only holds, and the
    /// subtrees are only aligned, when the range starts at a multiple of the largest power of two not
    /// above its count; every range returned by <see cref="InclusionRanges"/> and
    /// <see cref="ConsistencyRanges"/> does, as does every prefix [0, n).
    /// </remarks>
    /// <param name="range">The leaf range.</param>
    /// <returns>
    /// The subtrees as (level, index) pairs; the subtree covers leaves
    /// [index * 2^level, (index + 1) * 2^level). Empty for an empty range.
    /// </returns>
    /// <exception cref="ArgumentException">The range is not aligned as described in the remarks.</exception>
    public static IReadOnlyList<(int Level, long Index)> PerfectSubtrees(MerkleRange range)
    {
        var count = range.Count;
        if (count == 0)
        {
            return [];
        }

        var top = BitLength(count) - 1;
        if ((range.Start & ((1L << top) - 1)) != 0)
        {
            throw new ArgumentException(
                $"The leaf range [{range.Start}, {range.End}) has no Merkle Tree Hash made of aligned subtrees: "
                + $"a range of {count} leaves must start at a multiple of {1L << top}.",
                nameof(range));
        }

        var subtrees = new List<(int Level, long Index)>(BitOperations.PopCount((ulong)count));
        var position = range.Start;
        for (var level = top; level >= 0; level--)
        {
            if (((count >> level) & 1) != 0)
            {
                subtrees.Add((level, position >> level));
                position += 1L << level;
            }
        }

        return subtrees.AsReadOnly();
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/>, for n of at least 2 (RFC 6962 k).</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << (BitLength(n - 1) - 1);

    private static int BitLength(long value) => 64 - BitOperations.LeadingZeroCount((ulong)value);
}
