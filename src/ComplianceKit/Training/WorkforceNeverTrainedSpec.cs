using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>People in the workforce at an instant who had completed no training at all by then, by id.</summary>
public sealed class WorkforceNeverTrainedSpec : Specification<WorkforceMemberRecord>
{
    /// <summary>Selects the never-trained members of <paramref name="chainId"/> at <paramref name="at"/>.</summary>
    public WorkforceNeverTrainedSpec(string chainId, Instant at) =>
        Query.Where(m => m.ChainId == chainId && m.JoinedAt <= at && (m.LeftAt == null || m.LeftAt > at)
                && (m.FirstTrainingCompletedAt == null || m.FirstTrainingCompletedAt > at))
            .OrderBy(m => m.PersonId);
}
