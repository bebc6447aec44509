using ComplianceKit.Access;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>What shutting the group-commit writer down achieved.</summary>
/// <param name="Written">How many events were committed (and acknowledged) while shutting down.</param>
/// <param name="Unwritten">
/// The events that were accepted but not committed: still queued when the timeout ran out, or in a
/// batch that was stopped or failed. Their callers' tasks faulted; none of them was acknowledged.
/// </param>
/// <param name="TimedOut">Whether the timeout (or the caller's token) ended the flush before the queue was empty.</param>
public sealed record GroupCommitShutdownReport(int Written, IReadOnlyList<AccessEvent> Unwritten, bool TimedOut)
{
    /// <summary>Whether everything accepted was committed.</summary>
    public bool IsComplete => Unwritten.Count == 0;
}
