using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>People in the workforce at an instant, by id.</summary>
public sealed class ActiveWorkforceSpec : Specification<WorkforceMemberRecord>
{
    /// <summary>Selects the members of <paramref name="chainId"/> at <paramref name="at"/>.</summary>
    public ActiveWorkforceSpec(string chainId, Instant at) =>
        Query.Where(m => m.ChainId == chainId).Where(TrainingRules.MemberAt(at)).OrderBy(m => m.PersonId);
}
