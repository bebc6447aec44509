using ComplianceKit.Access;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>One queued event: its prepared entry, and the caller's task, completed once the entry is committed.</summary>
internal sealed class PendingAccess(AccessEvent source, PreparedEntry prepared)
    : TaskCompletionSource<AccessReceipt>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public AccessEvent Source { get; } = source;

    public PreparedEntry Prepared { get; } = prepared;
}
