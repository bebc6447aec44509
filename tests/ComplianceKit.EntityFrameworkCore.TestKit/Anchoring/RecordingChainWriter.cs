using System.Collections.Concurrent;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>A real chain writer with a record of the entry types handed to it: shows which appends went through the writer.</summary>
internal sealed class RecordingChainWriter(IChainWriter inner) : IChainWriter
{
    private readonly ConcurrentQueue<string> _handed = new();

    public string ChainId => inner.ChainId;

    /// <summary>The entry types handed to the writer, in order.</summary>
    public IReadOnlyList<string> Handed => [.. _handed];

    public Task<LedgerEntry> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default)
    {
        _handed.Enqueue(draft.EntryType);
        return inner.AppendAsync(draft, cancellationToken);
    }
}
