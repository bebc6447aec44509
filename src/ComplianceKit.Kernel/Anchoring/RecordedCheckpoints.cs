using ComplianceKit.Ledger;
using ComplianceKit.Verification;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The checkpoints a chain records about itself (<c>checkpoint.published</c>, docs/FORMAT.md 13.1), each with the witness co-signatures
/// its <c>checkpoint.cosigned</c> entries record for it (13.5), read from the verified entries only. What the exporter carries and the
/// dashboard shows; like a sink's checkpoints they are the operator's own word until pinned witnesses' co-signatures are counted.
/// </summary>
public static class RecordedCheckpoints
{
    /// <summary>
    /// Every recorded checkpoint in sequence order, named <c>ledger entry &lt;sequence&gt;</c> in <see cref="StoredCheckpoint.File"/>. A
    /// <c>checkpoint.cosigned</c> entry counts for the published entry it names by sequence and tree size; an entry that does not read
    /// as its type counts for nothing (it is still verified as an entry). Which co-signatures are intact is for the reader to judge.
    /// </summary>
    /// <param name="chain">The verified chain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IReadOnlyList<StoredCheckpoint>> ReadAsync(VerifiedChain chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var published = new SortedDictionary<long, SignedCheckpoint>();
        var cosignatures = new Dictionary<long, List<byte[]>>();
        await foreach (var entry in chain.ReadByTypeAsync([CheckpointEntryTypes.Published, CheckpointEntryTypes.Cosigned], cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (entry.EntryType == CheckpointEntryTypes.Published)
                {
                    published[entry.Sequence] = SignedCheckpoint.FromEntry(entry);
                    continue;
                }

                var payload = CheckpointCosignedPayload.FromEntry(entry);
                if (published.TryGetValue(payload.CheckpointSequence, out var checkpoint) && checkpoint.Checkpoint.TreeSize == payload.TreeSize)
                {
                    var list = cosignatures.TryGetValue(payload.CheckpointSequence, out var known) ? known : cosignatures[payload.CheckpointSequence] = [];
                    list.AddRange(payload.Cosignatures.Select(c => Convert.FromBase64String(c.Cosignature)));
                }
            }
            catch (FormatException)
            {
                // Unreadable: it anchors nothing.
            }
        }

        return [.. published.Select(p => new StoredCheckpoint($"ledger entry {p.Key}", p.Value, cosignatures.GetValueOrDefault(p.Key) ?? []))];
    }
}
