using ComplianceKit.Access;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>One queued entry of the group-commit writer: an access event, or an entry another component handed to the chain's one writer.</summary>
internal interface IPendingWrite
{
    /// <summary>The entry, prepared on the caller's thread.</summary>
    PreparedEntry Prepared { get; }

    /// <summary>The access event it records, listed in the shutdown report when unwritten; <see langword="null"/> for other entries.</summary>
    AccessEvent? Event { get; }

    /// <summary>Completes the caller's task with the entry as committed.</summary>
    void Committed(LedgerEntry entry);

    /// <summary>Fails the caller's task; nothing of it was committed.</summary>
    void Failed(Exception exception);
}
