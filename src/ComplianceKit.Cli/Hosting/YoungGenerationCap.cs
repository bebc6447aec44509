using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Hosting;

/// <summary>
/// Keeps a long streaming verification's short-lived allocations within a fixed budget: every
/// <see cref="CheckInterval"/> entries, a young collection runs if <see cref="BudgetBytes"/> more have been allocated
/// since the last one. The runtime sizes its first generation from the processor's last-level cache (84 MB on a server
/// with 105 MB of L3), and that budget, touched in full between collections, was a third of the peak memory of a bundle
/// verify; only an environment variable can lower it, which a tool cannot set for its own process. Almost nothing
/// survives a batch of entries, so each collection costs little. Counting entries rather than time keeps the bound when
/// the machine is too busy for a timer to run.
/// </summary>
internal sealed class YoungGenerationCap
{
    /// <summary>How much may be allocated between two young collections.</summary>
    public const long BudgetBytes = 8 * 1024 * 1024;

    /// <summary>How many entries pass between two looks at the allocation count.</summary>
    public const int CheckInterval = 1024;

    private readonly Action<LedgerEntry>? _next;
    private long _collectedAt = GC.GetTotalAllocatedBytes();
    private int _entries;

    private YoungGenerationCap(Action<LedgerEntry>? next) => _next = next;

    /// <summary>An entry observer that caps the young generation, then tells <paramref name="next"/> (if any) about the entry.</summary>
    /// <remarks>The verifier calls its observer from one thread at a time.</remarks>
    public static Action<LedgerEntry> Around(Action<LedgerEntry>? next) => new YoungGenerationCap(next).Observe;

    private void Observe(LedgerEntry entry)
    {
        if (++_entries == CheckInterval)
        {
            _entries = 0;
            if (GC.GetTotalAllocatedBytes() - _collectedAt >= BudgetBytes)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                _collectedAt = GC.GetTotalAllocatedBytes();
            }
        }

        _next?.Invoke(entry);
    }
}
