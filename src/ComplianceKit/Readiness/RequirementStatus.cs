using ComplianceKit.Administration;
namespace ComplianceKit.Readiness;

/// <summary>A gate control bound to programme records, and whether the records satisfy it.</summary>
/// <param name="Requirement">The binding.</param>
/// <param name="Problem">Why it is unmet, or <see langword="null"/> when the records satisfy it.</param>
public sealed record RequirementStatus(GateRequirement Requirement, string? Problem)
{
    /// <summary>Whether the records satisfy the requirement.</summary>
    public bool IsSatisfied => Problem is null;
}
