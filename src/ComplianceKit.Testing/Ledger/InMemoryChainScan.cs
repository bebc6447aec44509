using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;

namespace ComplianceKit.Testing.Ledger;

/// <summary>
/// The in-memory store's verification pass, shaped like a database store's: purge entries first, then every entry the
/// head covers through the kernel's <see cref="ChainVerifier"/>, the stored Merkle nodes each page completed through
/// <see cref="StoredMerkleCheck"/>, and at the end the head (size, last hash, root, frontier).
/// </summary>
internal static class InMemoryChainScan
{
    /// <summary>Entries per page, as a database store reads them.</summary>
    public const int PageSize = 16_384;

    public static ChainVerificationReport Verify(InMemoryChain chain, string chainId, InMemoryHead head, CancellationToken cancellationToken)
    {
        var purges = chain.Read(0, head.Size, int.MaxValue, e => e.EntryType == RetentionEntryTypes.Purged);
        var nodes = new StoredMerkleCheck();
        var verifier = new ChainVerifier(chainId, PurgeRegistry.FromEntries(purges).Explain, onNodeCompleted: nodes.OnNodeCompleted);
        for (long from = 0; from < head.Size; from += PageSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in chain.Read(from, Math.Min(from + PageSize, head.Size), PageSize))
            {
                verifier.Add(entry);
            }

            foreach (var (level, first, count) in nodes.PendingRanges)
            {
                if (nodes.Compare(level, chain.ReadNodes(level, first, first + count)) is { } finding)
                {
                    verifier.AddFinding(finding);
                }
            }
        }

        return verifier.Complete(head.Size, head.LastEntryHash, head.TreeRoot, head.Frontier);
    }
}
