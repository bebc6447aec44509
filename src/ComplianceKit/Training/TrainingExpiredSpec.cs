using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>Completions of people in the workforce at an instant that expired by then without retraining or a waiver, earliest first.</summary>
public sealed class TrainingExpiredSpec : Specification<TrainingRecord>
{
    /// <summary>Selects the expired assignments of <paramref name="chainId"/> at <paramref name="at"/>.</summary>
    public TrainingExpiredSpec(string chainId, Instant at) =>
        Query.Where(t => t.ChainId == chainId && t.Member!.JoinedAt <= at && (t.Member.LeftAt == null || t.Member.LeftAt > at))
            .Where(TrainingRules.ExpiredAt(at))
            .OrderBy(t => t.ExpiresAt).ThenBy(t => t.AssignmentId);
}
