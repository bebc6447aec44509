using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>Completions current at an instant that expire by a horizon (retraining coming due), soonest first.</summary>
public sealed class TrainingExpiringBeforeSpec : Specification<TrainingRecord>
{
    /// <summary>Selects the assignments of <paramref name="chainId"/> completed by <paramref name="at"/> whose completion expires in (<paramref name="at"/>, <paramref name="horizon"/>].</summary>
    public TrainingExpiringBeforeSpec(string chainId, Instant at, Instant horizon) =>
        Query.Where(t => t.ChainId == chainId && t.Member!.JoinedAt <= at && (t.Member.LeftAt == null || t.Member.LeftAt > at)
                && t.CompletedAt <= at && t.ExpiresAt > at && t.ExpiresAt <= horizon
                && !(t.WaivedAt <= at && (t.WaivedUntil == null || t.WaivedUntil > at)))
            .OrderBy(t => t.ExpiresAt).ThenBy(t => t.AssignmentId);
}
