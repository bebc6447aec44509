using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>
/// Vendors that handle PHI at an instant without an agreement in force then (the rule of
/// <see cref="BaaLifecycle.InForceAt"/>), by id: each is a gap in 45 CFR 164.308(b).
/// </summary>
public sealed class VendorsWithoutActiveBaaSpec : Specification<VendorRecord>
{
    /// <summary>Selects the vendors of <paramref name="chainId"/> handling PHI at <paramref name="at"/> without an agreement in force.</summary>
    public VendorsWithoutActiveBaaSpec(string chainId, Instant at) =>
        Query.Where(v => v.ChainId == chainId && v.HandlesPhi && v.RegisteredAt <= at)
            .Where(BaaLifecycle.NoAgreementInForceAt(at))
            .OrderBy(v => v.VendorId);
}
