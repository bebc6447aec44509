using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The store's one verification pass over a chain, run inside a <see cref="LedgerSnapshot"/>: every row of the chain
/// (rows at or past the head are named, never checked or used), the stored Merkle nodes page by page, and the head
/// (size, last hash, root, frontier). Memory grows with two pages (one read while the other is checked) and with purges,
/// not with the chain.
/// </summary>
internal static class ChainScan
{
    /// <summary>Entries per page; the stored nodes a page completes are compared before the next page is read.</summary>
    public const int PageSize = 16_384;

    /// <summary>Verifies <paramref name="chainId"/> against <paramref name="head"/> (read in the same snapshot), passing each entry the head covers to <paramref name="observe"/>.</summary>
    public static async Task<ChainVerificationReport> VerifyAsync(LedgerSession session, string chainId, StoredHead? head, Action<LedgerEntry>? observe,
        CancellationToken cancellationToken)
    {
        var size = head?.Size;

        // Purge entries first, through the entry_type index: memory grows with purges, not with the chain.
        var purges = await EntriesOfTypeReader.ReadOfTypesAsync(session, chainId, [RetentionEntryTypes.Purged], size ?? 0, cancellationToken).ConfigureAwait(false);
        var nodes = new StoredMerkleCheck();
        var verifier = new ChainVerifier(chainId, PurgeRegistry.FromEntries(purges).Explain, onNodeCompleted: nodes.OnNodeCompleted);

        // Up to three stages: this thread reads page n + 1 while a pool thread hashes and checks page n and another passes
        // page n to observe (a projection, which needs the entries, not their hashes), so no stage waits for the sum of the
        // others. The verifier and observe each see one page at a time, in order; the nodes page n completes are compared (on
        // this thread, which owns the connection) before page n + 1 is checked. Two pages at most are held.
        Task checking = Task.CompletedTask;
        Task observing = Task.CompletedTask;
        List<LedgerEntry> page;
        long from = 0;
        do
        {
            page = new List<LedgerEntry>(PageSize);
            await LedgerReader.ReadEntriesPageAsync(session, chainId, from, PageSize, page, cancellationToken).ConfigureAwait(false);
            if (page.Count > 0)
            {
                from = page[^1].Sequence + 1;
            }

            await checking.ConfigureAwait(false);
            await observing.ConfigureAwait(false);
            await CompareNodesAsync(session, chainId, nodes, verifier, cancellationToken).ConfigureAwait(false);
            var entries = page;
            checking = Task.Run(() => Check(verifier, entries, size), cancellationToken);
            if (observe is not null)
            {
                observing = Task.Run(() => Observe(entries, size, observe), cancellationToken);
            }
        }
        while (page.Count == PageSize);

        await checking.ConfigureAwait(false);
        await observing.ConfigureAwait(false);
        await CompareNodesAsync(session, chainId, nodes, verifier, cancellationToken).ConfigureAwait(false);
        return verifier.Complete(size, head?.LastEntryHash, head?.TreeRoot, head?.Frontier);
    }

    private static void Check(ChainVerifier verifier, List<LedgerEntry> page, long? size)
    {
        foreach (var entry in page)
        {
            if (entry.Sequence < size)
            {
                verifier.Add(entry);
            }
            else
            {
                verifier.AddBeyondHead(entry, size);
            }
        }
    }

    /// <summary>The page's entries the head covers, in order: those the verification checks against the head (the rest it names as beyond it).</summary>
    private static void Observe(List<LedgerEntry> page, long? size, Action<LedgerEntry> observe)
    {
        foreach (var entry in page)
        {
            if (entry.Sequence < size)
            {
                observe(entry);
            }
        }
    }

    private static async Task CompareNodesAsync(LedgerSession session, string chainId, StoredMerkleCheck nodes, ChainVerifier verifier, CancellationToken cancellationToken)
    {
        foreach (var (level, first, count) in nodes.PendingRanges)
        {
            var stored = await LedgerReader.ReadNodesAsync(session, chainId, level, first, first + count, cancellationToken).ConfigureAwait(false);
            if (nodes.Compare(level, stored) is { } finding)
            {
                verifier.AddFinding(finding);
            }
        }
    }
}
