using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The store's one verification pass over a chain, run inside a <see cref="LedgerSnapshot"/>: every row of the chain
/// (rows at or past the head are named, never checked or used), the stored Merkle nodes page by page, and the head
/// (size, last hash, root, frontier). Memory grows with one page and with purges, not with the chain.
/// </summary>
internal static class ChainScan
{
    /// <summary>Entries per page; the stored nodes a page completes are compared before the next page is read.</summary>
    public const int PageSize = 16_384;

    /// <summary>Verifies <paramref name="chainId"/> against <paramref name="head"/> (read in the same snapshot), passing each entry the head covers to <paramref name="observe"/>.</summary>
    public static async Task<ChainVerificationReport> VerifyAsync(DbContext context, string chainId, StoredHead? head, Action<LedgerEntry>? observe,
        CancellationToken cancellationToken)
    {
        var size = head?.Size;

        // Purge entries first, through the entry_type index: memory grows with purges, not with the chain.
        var purges = await EntriesOfTypeReader.ReadOfTypesAsync(context, chainId, [RetentionEntryTypes.Purged], size ?? 0, cancellationToken).ConfigureAwait(false);
        var nodes = new StoredMerkleCheck();
        var verifier = new ChainVerifier(chainId, PurgeRegistry.FromEntries(purges).Explain, onNodeCompleted: nodes.OnNodeCompleted);
        long from = 0;
        int read;
        do
        {
            read = 0;
            await foreach (var entry in LedgerReader.ReadEntriesPageAsync(context, chainId, from, PageSize, cancellationToken).ConfigureAwait(false))
            {
                read++;
                from = entry.Sequence + 1;
                if (entry.Sequence < size)
                {
                    verifier.Add(entry);
                    observe?.Invoke(entry);
                }
                else
                {
                    verifier.AddBeyondHead(entry, size);
                }
            }

            await CompareNodesAsync(context, chainId, nodes, verifier, cancellationToken).ConfigureAwait(false);
        }
        while (read == PageSize);

        return verifier.Complete(size, head?.LastEntryHash, head?.TreeRoot, head?.Frontier);
    }

    private static async Task CompareNodesAsync(DbContext context, string chainId, StoredMerkleCheck nodes, ChainVerifier verifier, CancellationToken cancellationToken)
    {
        foreach (var (level, first, count) in nodes.PendingRanges)
        {
            var stored = await LedgerReader.ReadNodesAsync(context, chainId, level, first, first + count, cancellationToken).ConfigureAwait(false);
            if (nodes.Compare(level, stored) is { } finding)
            {
                verifier.AddFinding(finding);
            }
        }
    }
}
