using ComplianceKit.Administration;
using ComplianceKit.Gates;
using ComplianceKit.Import;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// What <see cref="ReadinessAssessor"/> assesses: a chain's verified state at an instant and, for a gate, its definition and
/// approvals already evaluated, whether from a verified ledger (<see cref="ReadinessEvaluator"/>) or a verified evidence bundle.
/// </summary>
/// <param name="ChainId">The chain.</param>
/// <param name="LedgerSize">The number of verified entries the state was built from.</param>
/// <param name="At">The instant of assessment.</param>
/// <param name="Controls">The control check over the same verified state (evidence, and records bound to controls).</param>
public sealed record ReadinessInputs(string ChainId, long LedgerSize, Instant At, ControlEvidenceGateCheck Controls)
{
    /// <summary>The gate assessed, or <see langword="null"/> for the whole programme.</summary>
    public GateDefinition? Gate { get; init; }

    /// <summary>
    /// The gate's approvals checked against trust anchors (<see cref="GateEvaluator"/> or <see cref="GateDecision"/>); <see langword="null"/>
    /// when there are no trust anchors, and then every required role blocks (<see cref="GateDecision.WithoutTrustAnchors"/>).
    /// </summary>
    public GateEvaluation? Approvals { get; init; }

    /// <summary>The checklist import the gate came from, for the declared-versus-computed contrast.</summary>
    public ChecklistImportSummary? Import { get; init; }
}
