namespace ComplianceKit.Access;

/// <summary>
/// Records accesses to records holding ePHI in the tamper-evident ledger (45 CFR 164.312(b)).
/// Implemented by a store package; ComplianceKit.EntityFrameworkCore's group-commit writer gathers
/// concurrent callers' events into one transaction per batch.
/// </summary>
/// <remarks>Thread safe: one instance serves the whole app.</remarks>
public interface IAccessAuditLog
{
    /// <summary>
    /// Records one access event. The task completes only once the event's entry is committed
    /// (durable); a task that faults or is cancelled is not an acknowledgement.
    /// </summary>
    /// <param name="accessEvent">The event; its record reference is pseudonymized before it is stored.</param>
    /// <param name="cancellationToken">
    /// Stops waiting. Cancelled while waiting for room in the queue, the event is not recorded; once
    /// queued it may still be committed, but the caller is no longer told.
    /// </param>
    /// <returns>Where the entry was committed.</returns>
    /// <exception cref="Ledger.LedgerValidationException">The event is invalid; nothing was queued.</exception>
    /// <exception cref="AccessQueueFullException">The queue is full and the log is set to refuse rather than wait.</exception>
    /// <exception cref="ObjectDisposedException">The log is shut down, or shut down before the event was written.</exception>
    Task<AccessReceipt> RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default);
}
