using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>
/// The checkpoint an export carries from the ledger itself (docs/FORMAT.md 12.14): the newest <c>checkpoint.published</c> entry whose
/// witness co-signatures a <c>checkpoint.cosigned</c> entry records (13.5), read from the verified entries only.
/// </summary>
internal static class RecordedAnchor
{
    /// <summary>
    /// That checkpoint with every co-signature recorded for it, or <see langword="null"/> when no recorded checkpoint has one. An entry
    /// that does not read as its type counts for nothing; which co-signatures are intact the composer judges, as for a sink's.
    /// </summary>
    public static async Task<StoredCheckpoint?> NewestCosignedAsync(VerifiedChain chain, CancellationToken cancellationToken)
    {
        var published = new Dictionary<long, SignedCheckpoint>();
        var cosignatures = new Dictionary<long, List<byte[]>>();
        await foreach (var entry in chain.ReadByTypeAsync([CheckpointEntryTypes.Published, CheckpointEntryTypes.Cosigned], cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (entry.EntryType == CheckpointEntryTypes.Published)
                {
                    published[entry.Sequence] = SignedCheckpoint.FromEntry(entry);
                }
                else
                {
                    var payload = CheckpointCosignedPayload.FromEntry(entry);
                    if (published.TryGetValue(payload.CheckpointSequence, out var checkpoint) && checkpoint.Checkpoint.TreeSize == payload.TreeSize)
                    {
                        var list = cosignatures.TryGetValue(payload.CheckpointSequence, out var known) ? known : cosignatures[payload.CheckpointSequence] = [];
                        list.AddRange(payload.Cosignatures.Select(c => Convert.FromBase64String(c.Cosignature)));
                    }
                }
            }
            catch (FormatException)
            {
                // Unreadable: it anchors nothing, and the entry itself is still exported and verified.
            }
        }

        if (cosignatures.Count == 0)
        {
            return null;
        }

        var newest = cosignatures.Keys.Max();
        return new StoredCheckpoint($"ledger entry {newest}", published[newest], cosignatures[newest]);
    }
}
