using ComplianceKit.Gates;

namespace ComplianceKit.Readiness;

/// <summary>One reason readiness is blocked.</summary>
/// <param name="Kind">The kind of reason.</param>
/// <param name="Subject">What it is about, for example <c>control:hipaa.164.312.b</c>, <c>vendor:acme</c> or <c>person:staff-042</c>.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="GateBlocker">The gate's own blocker, for <see cref="ReadinessBlockerKind.Approval"/>.</param>
public sealed record ReadinessBlocker(ReadinessBlockerKind Kind, string Subject, string Message, GateBlocker? GateBlocker = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Subject}: {Message}";
}
