namespace ComplianceKit.Ledger;

/// <summary>
/// The one writer of a chain inside a host (the group-commit access log is one): a component that appends to that chain in
/// the background, such as the checkpoint publisher, hands its entries to this writer instead of taking the store's lock
/// beside it. On SQLite two writers of one database contend for one write lock, and the loser sleeps in the driver's busy
/// retry; one writer per chain never contends.
/// </summary>
/// <remarks>
/// Thread safe. An entry appended through the writer is sealed onto the chain like any other (same hashes, same
/// verification), in a transaction that may hold other callers' entries; it is never part of the caller's own transaction.
/// </remarks>
public interface IChainWriter
{
    /// <summary>The chain this writer appends to.</summary>
    string ChainId { get; }

    /// <summary>
    /// Appends one entry to <see cref="ChainId"/> and completes once it is committed, with the entry as stored (its sequence,
    /// recorded-at and hashes). Cancelling stops the wait: an entry already queued may still be committed.
    /// </summary>
    /// <exception cref="LedgerValidationException">The draft is invalid; nothing was queued.</exception>
    /// <exception cref="ObjectDisposedException">The writer shut down before the entry was committed.</exception>
    Task<LedgerEntry> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default);
}
