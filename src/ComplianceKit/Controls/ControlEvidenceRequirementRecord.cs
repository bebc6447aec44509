namespace ComplianceKit.Controls;

/// <summary>One evidence requirement of a control as the projection holds it (table <c>ck_control_evidence_requirements</c>).</summary>
public sealed class ControlEvidenceRequirementRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The control.</summary>
    public required string ControlId { get; set; }

    /// <summary>The evidence kind.</summary>
    public required string Kind { get; set; }

    /// <summary>Days evidence of this kind stays fresh after its effective date; <see langword="null"/> for no age limit.</summary>
    public int? FreshnessDays { get; set; }
}
