namespace ComplianceKit.Merkle;

/// <summary>
/// An <see cref="IMerkleSubtreeSource"/> over the nodes a store keeps: only levels that are multiples of 4 are
/// stored (level 0 being the leaf hashes), exactly the nodes <see cref="Ledger.ChainLinker.Link"/> reports as completed.
/// Part of the store SPI: a store serves proofs by giving it a reader of those stored nodes and passing it to
/// <see cref="MerkleProofBuilder"/>.
/// </summary>
/// <remarks>
/// A subtree at level L is rebuilt from 2^(L mod 4) consecutive nodes of stored level L - (L mod 4),
/// folded pairwise, so every subtree costs exactly one range read of at most 8 hashes. Thread safe
/// if the reader is.
/// </remarks>
public sealed class StridedSubtreeSource : IMerkleSubtreeSource
{
    private readonly Func<int, long, int, CancellationToken, ValueTask<IReadOnlyList<byte[]>>> _readStoredRange;

    /// <summary>Creates a source over a reader of stored node hashes.</summary>
    /// <param name="readStoredRange">
    /// Reads <c>count</c> consecutive node hashes of a stored <c>level</c> starting at <c>startIndex</c>
    /// (level 0 = leaf hashes), in index order. Called as (level, startIndex, count, cancellationToken);
    /// it must return exactly <c>count</c> hashes of 32 bytes.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="readStoredRange"/> is null.</exception>
    public StridedSubtreeSource(Func<int, long, int, CancellationToken, ValueTask<IReadOnlyList<byte[]>>> readStoredRange)
    {
        ArgumentNullException.ThrowIfNull(readStoredRange);
        _readStoredRange = readStoredRange;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The reader returned the wrong number of hashes, or a hash that is not 32 bytes.</exception>
    public ValueTask<byte[]> GetPerfectSubtreeHashAsync(int level, long index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 62);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, (long.MaxValue >> level) - 1);
        return GetCoreAsync(level, index, cancellationToken);
    }

    private async ValueTask<byte[]> GetCoreAsync(int level, long index, CancellationToken cancellationToken)
    {
        var extra = level % MerkleStorageLayout.LevelStride;
        var storedLevel = level - extra;
        var count = 1 << extra;
        var startIndex = index << extra;

        var nodes = await _readStoredRange(storedLevel, startIndex, count, cancellationToken).ConfigureAwait(false);

        if (nodes is null || nodes.Count != count)
        {
            throw new InvalidDataException(
                $"Reading {count} stored Merkle node(s) of level {storedLevel} from index {startIndex} returned "
                + $"{(nodes is null ? "null" : nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}; "
                + "the store is missing nodes or returned extra ones.");
        }

        return Fold(nodes, storedLevel, startIndex);
    }

    private static byte[] Fold(IReadOnlyList<byte[]> nodes, int storedLevel, long startIndex)
    {
        const int Size = MerkleHasher.HashSize;
        Span<byte> buffer = stackalloc byte[Size << (MerkleStorageLayout.LevelStride - 1)];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not { Length: Size } node)
            {
                throw new InvalidDataException(
                    $"The stored Merkle node at level {storedLevel}, index {startIndex + i} is "
                    + $"{(nodes[i] is null ? "null" : $"{nodes[i].Length} bytes")}; expected {Size} bytes.");
            }

            node.CopyTo(buffer[(i * Size)..]);
        }

        // Pairwise, in place: slot j is overwritten only after slots 2j and 2j + 1 were read.
        for (var width = nodes.Count; width > 1; width /= 2)
        {
            for (var j = 0; j < width / 2; j++)
            {
                MerkleHasher.HashNode(
                    buffer.Slice(2 * j * Size, Size), buffer.Slice(((2 * j) + 1) * Size, Size), buffer.Slice(j * Size, Size));
            }
        }

        return buffer[..Size].ToArray();
    }
}
