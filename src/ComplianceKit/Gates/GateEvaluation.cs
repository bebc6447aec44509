using ComplianceKit.Administration;
using NodaTime;

namespace ComplianceKit.Gates;

/// <summary>A gate evaluated at an instant: open or blocked, with every blocker and every approval seen.</summary>
/// <param name="Gate">The definition in force at the instant.</param>
/// <param name="At">The instant of evaluation.</param>
/// <param name="Blockers">Every reason the gate is blocked; empty when open.</param>
/// <param name="Approvals">Every approval entry for the gate's subject recorded by the instant, with its checks.</param>
/// <param name="SatisfiedRoles">The required roles with a counting approval.</param>
public sealed record GateEvaluation(GateDefinition Gate, Instant At, IReadOnlyList<GateBlocker> Blockers,
    IReadOnlyList<ApprovalCheck> Approvals, IReadOnlyList<string> SatisfiedRoles)
{
    /// <summary>
    /// The administrative entries of the chain about this gate or its required roles that decisions ignore (unsigned, not
    /// signed by an administrator, replayed, a self-grant awaiting a second administrator), so a reader sees why a
    /// definition or grant they expected does not count.
    /// </summary>
    public IReadOnlyList<AdministrativeFinding> IgnoredAdministration { get; init; } = [];

    /// <summary>Open when nothing blocks.</summary>
    public GateStatus Status => Blockers.Count == 0 ? GateStatus.Open : GateStatus.Blocked;
}
