using System.Numerics;

namespace ComplianceKit.Merkle;

/// <summary>
/// The right edge ("frontier") of an append-only Merkle tree: the hashes of the perfect subtrees in
/// the binary decomposition of <see cref="Size"/>, largest first. It appends leaves and computes the
/// root with O(log n) memory, reporting every completed node so a store can persist it.
/// </summary>
/// <remarks>Not thread safe. Holds at most 63 hashes.</remarks>
internal sealed class CompactRange
{
    private const int HashSize = MerkleHasher.HashSize;
    private const int MaxHashes = 63;

    private readonly byte[] _hashes = new byte[MaxHashes * HashSize];
    private int _count;

    /// <summary>Creates the compact range of the empty tree.</summary>
    public CompactRange()
    {
    }

    /// <summary>Gets the number of leaves the range covers.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Appends a leaf hash at index <see cref="Size"/>. Every perfect-subtree node it completes at
    /// level 1 or above is reported to <paramref name="onNodeCompleted"/>, lowest level first.
    /// </summary>
    /// <param name="leafHash">The 32-byte leaf hash (not the leaf input).</param>
    /// <param name="onNodeCompleted">Receives each completed node; if it throws, the range is left unchanged.</param>
    /// <exception cref="ArgumentException"><paramref name="leafHash"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The range already covers <see cref="long.MaxValue"/> leaves.</exception>
    public void Append(ReadOnlySpan<byte> leafHash, MerkleNodeCallback? onNodeCompleted = null)
    {
        if (leafHash.Length != HashSize)
        {
            throw new ArgumentException($"A leaf hash is {HashSize} bytes; this one is {leafHash.Length}.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The compact range is full.");
        }

        // Merge into a scratch node and commit only at the end, so a throwing callback changes nothing.
        Span<byte> node = stackalloc byte[HashSize];
        leafHash.CopyTo(node);
        var count = _count;
        var level = 0;
        while (((Size >> level) & 1) == 1)
        {
            count--;
            MerkleHasher.HashNode(Slot(count), node, node);
            level++;
            onNodeCompleted?.Invoke(level, Size >> level, node);
        }

        node.CopyTo(Slot(count));
        _count = count + 1;
        Size++;
    }

    /// <summary>Computes the Merkle Tree Hash of all leaves appended so far.</summary>
    /// <returns>The 32-byte root; <see cref="MerkleHasher.EmptyRoot"/> when <see cref="Size"/> is 0.</returns>
    public byte[] ComputeRoot()
    {
        if (_count == 0)
        {
            return MerkleHasher.EmptyRoot.ToArray();
        }

        Span<byte> accumulator = stackalloc byte[HashSize];
        Slot(_count - 1).CopyTo(accumulator);
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHasher.HashNode(Slot(i), accumulator, accumulator);
        }

        return accumulator.ToArray();
    }

    /// <summary>
    /// Serializes the range as the concatenated 32-byte hashes of the perfect subtrees in the binary
    /// decomposition of <see cref="Size"/>, largest first (popcount(Size) * 32 bytes). The size itself
    /// is not included; store it alongside.
    /// </summary>
    /// <returns>The serialized hashes.</returns>
    public byte[] Serialize() => _hashes.AsSpan(0, _count * HashSize).ToArray();

    /// <summary>Restores a range written by <see cref="Serialize"/>.</summary>
    /// <param name="size">The number of leaves the range covers.</param>
    /// <param name="data">The serialized hashes; exactly popcount(<paramref name="size"/>) * 32 bytes.</param>
    /// <returns>The restored range.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> has the wrong length for <paramref name="size"/>.</exception>
    public static CompactRange Deserialize(long size, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var count = BitOperations.PopCount((ulong)size);
        if (data.Length != count * HashSize)
        {
            throw new ArgumentException(
                $"A compact range of {size} leaves holds {count} hashes ({count * HashSize} bytes); the data has {data.Length} bytes.",
                nameof(data));
        }

        var range = new CompactRange { Size = size, _count = count };
        data.CopyTo(range._hashes);
        return range;
    }

    private Span<byte> Slot(int index) => _hashes.AsSpan(index * HashSize, HashSize);
}
