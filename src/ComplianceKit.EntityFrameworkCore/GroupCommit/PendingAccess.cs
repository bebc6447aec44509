using ComplianceKit.Access;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>One queued event: its prepared entry, and the caller's task, completed once the entry is committed.</summary>
internal sealed class PendingAccess(AccessEvent source, PreparedEntry prepared)
    : TaskCompletionSource<AccessReceipt>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingWrite
{
    public AccessEvent? Event { get; } = source;

    public PreparedEntry Prepared { get; } = prepared;

    public void Committed(LedgerEntry entry) => TrySetResult(new AccessReceipt(entry.ChainId, entry.Sequence, entry.Subject));

    public void Failed(Exception exception) => TrySetException(exception);
}
