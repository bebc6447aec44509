using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// Seals prepared entries onto a chain's head: sequence, recorded-at, previous hash, entry hash,
/// and the Merkle nodes that complete. Pure computation; the caller holds the chain's lock. Part of the store SPI:
/// a store locks the chain, reads its <see cref="ChainState"/>, calls <see cref="Link"/>, writes the entries and the
/// completed nodes, then moves the head (<see cref="ChainState.SerializeFrontier"/>, <see cref="ChainState.ComputeRoot"/>)
/// in the same transaction.
/// </summary>
public static class ChainLinker
{
    /// <summary>Links <paramref name="prepared"/> after <paramref name="state"/>, advancing it in place.</summary>
    /// <param name="state">The locked head; advanced to include the new entries.</param>
    /// <param name="prepared">The entries, in order.</param>
    /// <param name="now">The clock's reading; recorded-at never goes below the head's.</param>
    /// <param name="completedNodes">Receives the stored-level Merkle nodes that the new entries complete (a store keeps them for <see cref="Merkle.StridedSubtreeSource"/>).</param>
    /// <returns>The sealed entries, in order, sequence numbers from the head's size.</returns>
    public static List<LedgerEntry> Link(ChainState state, IReadOnlyList<PreparedEntry> prepared, Instant now, List<MerkleNode> completedNodes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(completedNodes);
        // A clock that steps backwards must not reorder the chain: recorded-at stays non-decreasing.
        var recordedAt = InstantCodec.TruncateToMicroseconds(now);
        if (state.LastRecordedAt is { } last && recordedAt < last)
        {
            recordedAt = last;
        }

        var entries = new List<LedgerEntry>(prepared.Count);
        foreach (var item in prepared)
        {
            var draft = item.Draft;
            var sequence = state.Size;
            var occurredAt = InstantCodec.TruncateToMicroseconds(draft.OccurredAt ?? recordedAt);
            var previousHash = state.LastEntryHash;
            var entryHash = EntryEncoding.ComputeEntryHash(state.ChainId, sequence, draft.EntryType, draft.Subject, draft.Actor,
                occurredAt, recordedAt, previousHash, item.PayloadDigest);
            var entry = new LedgerEntry
            {
                ChainId = state.ChainId,
                Sequence = sequence,
                EntryType = draft.EntryType,
                Subject = draft.Subject,
                Actor = draft.Actor,
                OccurredAt = occurredAt,
                RecordedAt = recordedAt,
                Payload = item.Payload,
                PayloadSalt = item.Salt,
                PayloadDigest = item.PayloadDigest,
                PreviousHash = previousHash,
                EntryHash = entryHash,
            };
            state.Frontier.Append(MerkleHasher.HashLeaf(entryHash), (level, index, hash) =>
            {
                if (level % MerkleStorageLayout.LevelStride == 0)
                {
                    completedNodes.Add(new MerkleNode(level, index, hash.ToArray()));
                }
            });
            state.Advance(entry);
            entries.Add(entry);
        }

        return entries;
    }
}
