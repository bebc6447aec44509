namespace ComplianceKit.Administration;

/// <summary>
/// A gate control bound to programme records (<see cref="GateRequirementKind"/>): the gate evaluates the records, and the
/// control's own evidence (a ticked box) never satisfies it.
/// </summary>
public sealed record GateRequirement
{
    /// <summary>The control id, one of the gate's required or optional controls.</summary>
    public required string Control { get; init; }

    /// <summary>What satisfies the control.</summary>
    public required GateRequirementKind Kind { get; init; }

    /// <summary>For <see cref="GateRequirementKind.BaaInForce"/>, the vendor ids that each need an agreement in force; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Vendors { get; init; }
}
