using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>Assignments of people in the workforce at an instant that were due by then and not completed or waived, earliest due first.</summary>
public sealed class TrainingOverdueSpec : Specification<TrainingRecord>
{
    /// <summary>Selects the overdue assignments of <paramref name="chainId"/> at <paramref name="at"/>.</summary>
    public TrainingOverdueSpec(string chainId, Instant at) =>
        Query.Where(t => t.ChainId == chainId && t.Member!.JoinedAt <= at && (t.Member.LeftAt == null || t.Member.LeftAt > at))
            .Where(TrainingRules.OverdueAt(at))
            .OrderBy(t => t.DueAt).ThenBy(t => t.AssignmentId);
}
