using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>Vendors registered by an instant that handle PHI, by id.</summary>
public sealed class VendorsHandlingPhiSpec : Specification<VendorRecord>
{
    /// <summary>Selects the vendors of <paramref name="chainId"/> handling PHI at <paramref name="at"/>.</summary>
    public VendorsHandlingPhiSpec(string chainId, Instant at) =>
        Query.Where(v => v.ChainId == chainId && v.HandlesPhi && v.RegisteredAt <= at).OrderBy(v => v.VendorId);
}
