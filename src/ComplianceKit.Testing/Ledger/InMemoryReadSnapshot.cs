namespace ComplianceKit.Testing.Ledger;

/// <summary>Ends an <see cref="InMemoryComplianceLedger"/>'s read snapshot when disposed (once).</summary>
internal sealed class InMemoryReadSnapshot(Action end) : IAsyncDisposable
{
    /// <summary>A snapshot begun inside one already open: disposing it leaves the outer one alone.</summary>
    public static readonly IAsyncDisposable Joined = new InMemoryReadSnapshot(() => { });

    private Action? _end = end;

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _end, null)?.Invoke();
        return ValueTask.CompletedTask;
    }
}
