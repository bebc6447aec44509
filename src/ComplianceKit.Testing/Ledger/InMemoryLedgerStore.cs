using System.Collections.Concurrent;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Testing.Ledger;

/// <summary>
/// The storage behind <see cref="InMemoryComplianceLedger"/>, the in-memory counterpart of a database: chains with
/// their entries, stored-level Merkle nodes and heads. Share one store between ledger instances (as scopes share a
/// database) to see each other's appends; it lives as long as the object does and is never written anywhere.
/// </summary>
/// <remarks>Thread-safe: appends are serialised (prepared in parallel, committed one at a time), so no chain forks or skips.</remarks>
public sealed class InMemoryLedgerStore
{
    private readonly ConcurrentDictionary<string, InMemoryChain> _chains = new(StringComparer.Ordinal);

    // Commits and snapshots take it: every chain's head in a snapshot is from one instant.
    private readonly object _instant = new();

    /// <summary>The chains that hold at least one entry, in ordinal order.</summary>
    public IReadOnlyList<string> ChainIds =>
        [.. _chains.Where(c => c.Value.Head.Size > 0).Select(c => c.Key).Order(StringComparer.Ordinal)];

    /// <summary>The number of entries committed to <paramref name="chainId"/>; zero for a chain the store does not hold.</summary>
    public long SizeOf(string chainId) => Find(chainId)?.Head.Size ?? 0;

    /// <summary>Links and commits <paramref name="prepared"/> onto <paramref name="chainId"/> (see <see cref="InMemoryChain.Append"/>).</summary>
    internal AppendReceipt Append(string chainId, IReadOnlyList<PreparedEntry> prepared, IClock clock, long? expectedSize,
        CancellationToken cancellationToken)
    {
        var chain = _chains.GetOrAdd(chainId, static id => new InMemoryChain(id));
        lock (_instant)
        {
            return chain.Append(prepared, clock, expectedSize, cancellationToken);
        }
    }

    internal InMemoryChain? Find(string chainId) => _chains.GetValueOrDefault(chainId);

    /// <summary>Every chain's committed head at one instant: what a read snapshot sees.</summary>
    internal Dictionary<string, InMemoryHead> CaptureHeads()
    {
        lock (_instant)
        {
            return _chains.ToDictionary(c => c.Key, c => c.Value.Head, StringComparer.Ordinal);
        }
    }
}
