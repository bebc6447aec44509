namespace ComplianceKit.Cli.Hosting;

/// <summary>
/// Keeps a long streaming verification's short-lived allocations within a fixed budget: while it is alive, a young
/// collection runs each time <see cref="BudgetBytes"/> more have been allocated. The runtime sizes its first generation
/// from the processor's last-level cache (84 MB on a server with 105 MB of L3), and that budget, touched in full between
/// collections, was two thirds of the peak memory of a million-entry bundle verify; only an environment variable can
/// lower it, which a tool cannot set for its own process. Almost nothing survives a batch of entries, so each collection
/// costs little.
/// </summary>
internal sealed class YoungGenerationCap : IDisposable
{
    /// <summary>How much may be allocated between two young collections.</summary>
    public const long BudgetBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);
    private readonly Timer _timer;
    private long _collectedAt;

    private YoungGenerationCap()
    {
        _collectedAt = GC.GetTotalAllocatedBytes();
        _timer = new Timer(_ => Check(), null, Interval, Interval);
    }

    /// <summary>Starts capping until disposed.</summary>
    public static YoungGenerationCap Start() => new();

    private void Check()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - Interlocked.Read(ref _collectedAt) < BudgetBytes)
        {
            return;
        }

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        Interlocked.Exchange(ref _collectedAt, GC.GetTotalAllocatedBytes());
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();
}
