using Ardalis.Specification;

namespace ComplianceKit.Controls;

/// <summary>The controls of a chain that are not retired, by id.</summary>
public sealed class ActiveControlsSpec : Specification<ControlRecord>
{
    /// <summary>Selects the active controls of <paramref name="chainId"/>.</summary>
    public ActiveControlsSpec(string chainId) =>
        Query.Where(c => c.ChainId == chainId && c.RetiredSequence == null).OrderBy(c => c.ControlId);
}
