using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>Agreements in force at an instant whose term ends by a horizon without automatic renewal, soonest first.</summary>
public sealed class BaasExpiringBeforeSpec : Specification<BaaRecord>
{
    /// <summary>Selects the agreements of <paramref name="chainId"/> in force at <paramref name="at"/> and ending by <paramref name="horizon"/>.</summary>
    public BaasExpiringBeforeSpec(string chainId, Instant at, Instant horizon) =>
        Query.Where(b => b.ChainId == chainId && !b.AutoRenew && b.ExpiresAt <= horizon)
            .Where(BaaLifecycle.InForceAt(at))
            .OrderBy(b => b.ExpiresAt).ThenBy(b => b.BaaId);
}
