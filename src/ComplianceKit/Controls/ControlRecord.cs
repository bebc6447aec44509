using NodaTime;

namespace ComplianceKit.Controls;

/// <summary>
/// A control as the projection holds it (table <c>ck_controls</c>): its latest <c>control.defined</c> entry and
/// its latest <c>control.decision.recorded</c> entry.
/// </summary>
public sealed class ControlRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The control's id.</summary>
    public required string ControlId { get; set; }

    /// <summary>The title.</summary>
    public required string Title { get; set; }

    /// <summary>What the control asks for.</summary>
    public string? Description { get; set; }

    /// <summary>The citation, for example <c>45 CFR 164.312(b)</c>.</summary>
    public string? FrameworkReference { get; set; }

    /// <summary>The grouping (safeguard or checklist section).</summary>
    public string? Category { get; set; }

    /// <summary>Required or addressable.</summary>
    public ImplementationRequirement Requirement { get; set; }

    /// <summary>How much it matters.</summary>
    public ControlCriticality Criticality { get; set; }

    /// <summary>The owning role.</summary>
    public string? OwnerRole { get; set; }

    /// <summary>Where the definition came from.</summary>
    public string? Source { get; set; }

    /// <summary>The sequence of the definition in force.</summary>
    public long DefinedSequence { get; set; }

    /// <summary>When the ledger recorded the definition in force.</summary>
    public Instant DefinedAt { get; set; }

    /// <summary>Set when a later import of the control's checklist no longer lists it: the sequence of that import.</summary>
    public long? RetiredSequence { get; set; }

    /// <summary>The documented decision on an addressable control, if any.</summary>
    public AddressableOutcome? DecisionOutcome { get; set; }

    /// <summary>The decision's rationale.</summary>
    public string? DecisionRationale { get; set; }

    /// <summary>The alternative measure, when one was implemented instead.</summary>
    public string? AlternativeMeasure { get; set; }

    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>When it was decided.</summary>
    public Instant? DecidedAt { get; set; }

    /// <summary>The sequence of the decision entry.</summary>
    public long? DecisionSequence { get; set; }

    /// <summary>A copy (navigations unset), for a snapshot the projector will not change later.</summary>
    internal ControlRecord Copy() => (ControlRecord)MemberwiseClone();
}
