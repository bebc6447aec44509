using ComplianceKit.Administration;
using ComplianceKit.Controls;
namespace ComplianceKit.Import;

/// <summary>One item's entry in a <see cref="ChecklistMapping"/>: each member that is set replaces what the importer read.</summary>
public sealed record ChecklistItemOverride
{
    /// <summary>The item id as <c>import-checklist</c> prints it, for example <c>pre-deployment/security.3</c>.</summary>
    public required string Item { get; init; }

    /// <summary>The criticality to use, or <see langword="null"/> to keep the one read.</summary>
    public ControlCriticality? Criticality { get; init; }

    /// <summary>The gate phase to use, or <see langword="null"/> to keep the one read.</summary>
    public GatePhase? Phase { get; init; }

    /// <summary>
    /// The binding to use: <c>baaInForce</c>, <c>trainingCurrent</c>, <c>accessTrail</c>, or <c>none</c> to leave the item to its own
    /// evidence; <see langword="null"/> to keep the one read.
    /// </summary>
    public string? Requirement { get; init; }

    /// <summary>For <c>baaInForce</c>, the vendors' names (each becomes a vendor handling PHI); <see langword="null"/> to keep those read.</summary>
    public IReadOnlyList<string>? Vendors { get; init; }
}
