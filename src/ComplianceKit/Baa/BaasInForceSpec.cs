using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>Agreements in force at an instant (active or expiring), by vendor and id.</summary>
public sealed class BaasInForceSpec : Specification<BaaRecord>
{
    /// <summary>Selects the agreements of <paramref name="chainId"/> in force at <paramref name="at"/>.</summary>
    public BaasInForceSpec(string chainId, Instant at) =>
        Query.Where(b => b.ChainId == chainId).Where(BaaLifecycle.InForceAt(at)).OrderBy(b => b.VendorId).ThenBy(b => b.BaaId);
}
