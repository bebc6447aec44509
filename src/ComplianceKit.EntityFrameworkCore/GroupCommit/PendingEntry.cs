using ComplianceKit.Access;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>One queued entry handed to the chain's writer through <see cref="IChainWriter"/>; its task completes with the entry as committed.</summary>
internal sealed class PendingEntry(PreparedEntry prepared)
    : TaskCompletionSource<LedgerEntry>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingWrite
{
    public AccessEvent? Event => null;

    public PreparedEntry Prepared { get; } = prepared;

    public void Committed(LedgerEntry entry) => TrySetResult(entry);

    public void Failed(Exception exception) => TrySetException(exception);
}
