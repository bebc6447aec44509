using Ardalis.Specification;

namespace ComplianceKit.Controls;

/// <summary>Every evidence requirement of a chain's controls, by control and kind.</summary>
public sealed class EvidenceRequirementsSpec : Specification<ControlEvidenceRequirementRecord>
{
    /// <summary>Selects the evidence requirements of <paramref name="chainId"/>.</summary>
    public EvidenceRequirementsSpec(string chainId) =>
        Query.Where(r => r.ChainId == chainId).OrderBy(r => r.ControlId).ThenBy(r => r.Kind);
}
