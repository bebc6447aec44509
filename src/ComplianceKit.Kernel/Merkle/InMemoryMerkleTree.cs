namespace ComplianceKit.Merkle;

/// <summary>
/// An append-only Merkle tree held in memory: every complete perfect subtree is kept, so roots of any
/// earlier size and proofs (through <see cref="MerkleProofBuilder"/>) cost O(log n) hashing.
/// Used in tests and to verify exported bundles of up to millions of leaves.
/// </summary>
/// <remarks>
/// Memory is about 2n hashes of 32 bytes in contiguous buffers per level (about 64 MB for a million
/// leaves when the capacity is known up front). Not thread safe for appends; concurrent reads without
/// appends are safe.
/// </remarks>
public sealed class InMemoryMerkleTree : IMerkleSubtreeSource
{
    private readonly List<HashList> _levels = [];
    private readonly int _capacity;
    private MerkleTreeHead? _treeHead;

    /// <summary>Creates an empty tree.</summary>
    /// <param name="capacity">The expected number of leaves, used to size buffers without slack; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public InMemoryMerkleTree(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>Creates a tree over existing leaf hashes, in order.</summary>
    /// <param name="leafHashes">The 32-byte leaf hashes (see <see cref="MerkleHasher.HashLeaf(ReadOnlySpan{byte})"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="leafHashes"/> is null.</exception>
    /// <exception cref="ArgumentException">A leaf hash is null or not 32 bytes.</exception>
    public InMemoryMerkleTree(IEnumerable<byte[]> leafHashes)
        : this(leafHashes is not null && leafHashes.TryGetNonEnumeratedCount(out var count) ? count : 0)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        foreach (var leafHash in leafHashes)
        {
            ArgumentNullException.ThrowIfNull(leafHash, nameof(leafHashes));
            Append(leafHash);
        }
    }

    /// <summary>Gets the number of leaves appended.</summary>
    public long Count => _levels.Count == 0 ? 0 : _levels[0].Count;

    /// <summary>Gets the size and root of the whole tree; cached until the next append.</summary>
    public MerkleTreeHead TreeHead => _treeHead ??= new MerkleTreeHead(Count, ComputeRoot(Count));

    /// <summary>Appends a leaf hash, completing every perfect subtree it closes.</summary>
    /// <param name="leafHash">The 32-byte leaf hash (not the leaf input).</param>
    /// <exception cref="ArgumentException"><paramref name="leafHash"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The tree is full (about 67 million leaves).</exception>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException(
                $"A leaf hash is {MerkleHasher.HashSize} bytes; this one is {leafHash.Length}.", nameof(leafHash));
        }

        LevelAt(0).Add(leafHash);
        _treeHead = null;

        // Each odd index closes a pair, whose parent may in turn close a pair one level up.
        Span<byte> node = stackalloc byte[MerkleHasher.HashSize];
        var level = 0;
        for (var index = _levels[0].Count - 1; (index & 1) == 1; index >>= 1)
        {
            var nodes = _levels[level];
            MerkleHasher.HashNode(nodes[index - 1], nodes[index], node);
            level++;
            LevelAt(level).Add(node);
        }
    }

    /// <summary>Gets the leaf hash at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based leaf index.</param>
    /// <returns>A copy of the 32-byte leaf hash.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public byte[] GetLeafHash(long index) => GetPerfectSubtreeHash(0, index);

    /// <summary>Gets the hash of the perfect subtree covering leaves [index * 2^level, (index + 1) * 2^level).</summary>
    /// <param name="level">The subtree height; 0 for a leaf hash.</param>
    /// <param name="index">The position of the subtree on its level.</param>
    /// <returns>A copy of the 32-byte subtree hash.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The subtree is not complete in this tree.</exception>
    public byte[] GetPerfectSubtreeHash(int level, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (level >= _levels.Count || index >= _levels[level].Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"The subtree at level {level}, index {index} is not complete in a tree of {Count} leaves.");
        }

        return _levels[level][(int)index].ToArray();
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> GetPerfectSubtreeHashAsync(int level, long index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(GetPerfectSubtreeHash(level, index));
    }

    /// <summary>Computes the root of the whole tree.</summary>
    /// <returns>The 32-byte root; <see cref="MerkleHasher.EmptyRoot"/> when empty.</returns>
    public byte[] ComputeRoot() => ComputeRoot(Count);

    /// <summary>Computes the root of the tree of the first <paramref name="size"/> leaves.</summary>
    /// <param name="size">The earlier tree size; from 0 to <see cref="Count"/>.</param>
    /// <returns>The 32-byte root; <see cref="MerkleHasher.EmptyRoot"/> for size 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or above <see cref="Count"/>.</exception>
    public byte[] ComputeRoot(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Count);
        var subtrees = MerkleProofPlanner.PerfectSubtrees(new MerkleRange(0, size));
        if (subtrees.Count == 0)
        {
            return MerkleHasher.EmptyRoot.ToArray();
        }

        Span<byte> accumulator = stackalloc byte[MerkleHasher.HashSize];
        var (lastLevel, lastIndex) = subtrees[^1];
        _levels[lastLevel][(int)lastIndex].CopyTo(accumulator);
        for (var i = subtrees.Count - 2; i >= 0; i--)
        {
            var (level, index) = subtrees[i];
            MerkleHasher.HashNode(_levels[level][(int)index], accumulator, accumulator);
        }

        return accumulator.ToArray();
    }

    private HashList LevelAt(int level)
    {
        if (level == _levels.Count)
        {
            _levels.Add(new HashList(_capacity >> level));
        }

        return _levels[level];
    }
}
