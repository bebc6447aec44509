using ComplianceKit.Hashing;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// The head of a chain as a writer needs it: size, last entry hash, last recorded-at and the Merkle
/// right edge. Stored beside the entries so an append reads O(log n) bytes, never the chain. Part of the store SPI: a
/// store keeps <see cref="Size"/>, <see cref="LastEntryHash"/>, <see cref="LastRecordedAt"/>, <see cref="SerializeFrontier"/>
/// and <see cref="ComputeRoot"/> in its head row, and reads them back with <see cref="FromStored"/>. Not thread-safe:
/// <see cref="ChainLinker.Link"/> advances it in place under the chain's lock.
/// </summary>
public sealed class ChainState
{
    /// <summary>Creates the state of a chain.</summary>
    internal ChainState(string chainId, long size, byte[] lastEntryHash, Instant? lastRecordedAt, CompactRange frontier)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        Sha256Digest.EnsureValid(lastEntryHash, nameof(lastEntryHash));
        if (frontier.Size != size)
        {
            throw new InvalidDataException($"Chain '{chainId}' records size {size} but its Merkle frontier covers {frontier.Size} entries.");
        }

        ChainId = chainId;
        Size = size;
        LastEntryHash = lastEntryHash;
        LastRecordedAt = lastRecordedAt;
        Frontier = frontier;
    }

    /// <summary>The chain.</summary>
    public string ChainId { get; }

    /// <summary>How many entries the chain holds; the next sequence number.</summary>
    public long Size { get; private set; }

    /// <summary>The entry hash of the last entry; zeros for an empty chain.</summary>
    public byte[] LastEntryHash { get; private set; }

    /// <summary>The recorded-at of the last entry, if any.</summary>
    public Instant? LastRecordedAt { get; private set; }

    /// <summary>The Merkle right edge over the entries so far.</summary>
    internal CompactRange Frontier { get; }

    /// <summary>The state of a chain with no entries.</summary>
    public static ChainState Empty(string chainId) =>
        new(chainId, 0, EntryEncoding.GenesisPreviousHash.ToArray(), null, new CompactRange());

    /// <summary>The state of a chain as a store kept it in its head row.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="size">How many entries the chain holds.</param>
    /// <param name="lastEntryHash">The entry hash of the last entry; zeros for an empty chain.</param>
    /// <param name="lastRecordedAt">The recorded-at of the last entry, if any.</param>
    /// <param name="frontier">The bytes <see cref="SerializeFrontier"/> gave for this size.</param>
    /// <exception cref="ArgumentException">The frontier bytes do not fit <paramref name="size"/>, or <paramref name="lastEntryHash"/> is not 32 bytes.</exception>
    public static ChainState FromStored(string chainId, long size, byte[] lastEntryHash, Instant? lastRecordedAt, ReadOnlySpan<byte> frontier) =>
        new(chainId, size, lastEntryHash, lastRecordedAt, CompactRange.Deserialize(size, frontier));

    /// <summary>The Merkle right edge as bytes to keep in the head row (32 bytes per set bit of <see cref="Size"/>).</summary>
    public byte[] SerializeFrontier() => Frontier.Serialize();

    /// <summary>The RFC 6962 root of the chain's entries so far (the empty-tree hash for no entries).</summary>
    public byte[] ComputeRoot() => Frontier.ComputeRoot();

    internal void Advance(LedgerEntry entry)
    {
        Size = entry.Sequence + 1;
        LastEntryHash = entry.EntryHash;
        LastRecordedAt = entry.RecordedAt;
    }
}
