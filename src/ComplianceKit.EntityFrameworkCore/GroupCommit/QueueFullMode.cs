namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>What a caller meets when the group-commit queue is full.</summary>
public enum QueueFullMode
{
    /// <summary>The caller waits for room (back-pressure), up to its cancellation token.</summary>
    Wait,

    /// <summary>The caller gets <see cref="ComplianceKit.Access.AccessQueueFullException"/> at once; the event is not recorded.</summary>
    Fail,
}
