using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>
/// Agreements that ended (terminated, or expired without renewal) by an instant with no recorded evidence that the
/// PHI was returned or destroyed by then, by id.
/// </summary>
public sealed class TerminatedBaasWithoutDispositionSpec : Specification<BaaRecord>
{
    /// <summary>Selects the ended agreements of <paramref name="chainId"/> without a disposition at <paramref name="at"/>.</summary>
    public TerminatedBaasWithoutDispositionSpec(string chainId, Instant at) =>
        Query.Where(b => b.ChainId == chainId && b.ExecutionRecordedAt <= at
                && (b.TerminatedAt <= at || (!b.AutoRenew && b.ExpiresAt <= at))
                && (b.DispositionCompletedAt == null || b.DispositionCompletedAt > at))
            .OrderBy(b => b.BaaId);
}
