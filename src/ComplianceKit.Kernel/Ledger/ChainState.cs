using ComplianceKit.Hashing;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// The head of a chain as a writer needs it: size, last entry hash, last recorded-at and the Merkle
/// right edge. Stored beside the entries so an append reads O(log n) bytes, never the chain.
/// </summary>
public sealed class ChainState
{
    /// <summary>Creates the state of a chain.</summary>
    public ChainState(string chainId, long size, byte[] lastEntryHash, Instant? lastRecordedAt, CompactRange frontier)
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
    public CompactRange Frontier { get; }

    /// <summary>The state of a chain with no entries.</summary>
    public static ChainState Empty(string chainId) =>
        new(chainId, 0, EntryEncoding.GenesisPreviousHash.ToArray(), null, new CompactRange());

    internal void Advance(LedgerEntry entry)
    {
        Size = entry.Sequence + 1;
        LastEntryHash = entry.EntryHash;
        LastRecordedAt = entry.RecordedAt;
    }
}
