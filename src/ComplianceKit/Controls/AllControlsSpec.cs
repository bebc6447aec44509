using Ardalis.Specification;

namespace ComplianceKit.Controls;

/// <summary>Every control of a chain, retired ones included, by id.</summary>
public sealed class AllControlsSpec : Specification<ControlRecord>
{
    /// <summary>Selects the controls of <paramref name="chainId"/>.</summary>
    public AllControlsSpec(string chainId) =>
        Query.Where(c => c.ChainId == chainId).OrderBy(c => c.ControlId);
}
