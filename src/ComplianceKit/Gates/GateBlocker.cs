namespace ComplianceKit.Gates;

/// <summary>One reason a gate is blocked.</summary>
/// <param name="Kind">The kind of reason.</param>
/// <param name="Role">The role concerned, if any.</param>
/// <param name="Sequence">The ledger entry concerned, if any.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record GateBlocker(GateBlockerKind Kind, string? Role, long? Sequence, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}
