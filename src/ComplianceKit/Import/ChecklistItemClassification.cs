using ComplianceKit.Administration;
using ComplianceKit.Controls;
namespace ComplianceKit.Import;

/// <summary>How one checkbox item was read: its criticality, the gate it belongs to, the record it is bound to, and why.</summary>
public sealed record ChecklistItemClassification
{
    /// <summary>The item's id in the checklist (<see cref="Checklists.ChecklistItem.Id"/>), the key a mapping file uses.</summary>
    public required string ItemId { get; init; }

    /// <summary>The control the item became.</summary>
    public required string ControlId { get; init; }

    /// <summary>The 1-based line of the checkbox.</summary>
    public required int Line { get; init; }

    /// <summary>The item's title.</summary>
    public required string Title { get; init; }

    /// <summary>How critical the item is: critical and important items block their gate, optional ones never do.</summary>
    public required ControlCriticality Criticality { get; init; }

    /// <summary>Why: the heading, label or tag that said so, the parent item, the default, or the mapping file.</summary>
    public required string CriticalityReason { get; init; }

    /// <summary>Whether the item belongs to the release gate or the post-deployment gate.</summary>
    public required GatePhase Phase { get; init; }

    /// <summary>Why it belongs to that gate.</summary>
    public required string PhaseReason { get; init; }

    /// <summary>The gate the item's control is in.</summary>
    public required string GateId { get; init; }

    /// <summary>What the item is bound to, or <see langword="null"/> when its own evidence decides.</summary>
    public GateRequirementKind? Requirement { get; init; }

    /// <summary>For a BAA binding, the vendors (ids) that each need an agreement in force; empty otherwise.</summary>
    public IReadOnlyList<string> Vendors { get; init; } = [];

    /// <summary>Why the item is bound as it is, or is not bound although it looked like a binding ("'if applicable': no vendor is named").</summary>
    public string? RequirementReason { get; init; }

    /// <summary>Whether a mapping file decided any part of this classification.</summary>
    public bool FromMapping { get; init; }
}
