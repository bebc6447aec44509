using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>People in the workforce at an instant who had never completed training and had nothing assigned by then, by id.</summary>
public sealed class WorkforceUntrainedUnassignedSpec : Specification<WorkforceMemberRecord>
{
    /// <summary>Selects the members of <paramref name="chainId"/> at <paramref name="at"/> with no completed and no assigned training.</summary>
    public WorkforceUntrainedUnassignedSpec(string chainId, Instant at) =>
        Query.Where(m => m.ChainId == chainId && m.JoinedAt <= at && (m.LeftAt == null || m.LeftAt > at)
                && (m.FirstTrainingCompletedAt == null || m.FirstTrainingCompletedAt > at)
                && !m.Assignments.Any(a => a.AssignedAt <= at))
            .OrderBy(m => m.PersonId);
}
