using ComplianceKit.Administration;
using ComplianceKit.Gates;
using ComplianceKit.Projection;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// Readiness at an instant, computed from evidence: controls by criticality with their evidence status, agreements,
/// training coverage and, for a gate, its approvals. The figure is never declared; only the blockers decide readiness.
/// </summary>
public sealed record ReadinessReport
{
    /// <summary>The chain.</summary>
    public required string ChainId { get; init; }

    /// <summary>The gate assessed, or <see langword="null"/> for the whole programme.</summary>
    public GateDefinition? Gate { get; init; }

    /// <summary>The instant of assessment.</summary>
    public required Instant At { get; init; }

    /// <summary>The ledger size the state was built from.</summary>
    public required long LedgerSize { get; init; }

    /// <summary>Controls in scope: the gate's required controls, or every active control.</summary>
    public required ControlReadiness Controls { get; init; }

    /// <summary>PHI vendors and agreements.</summary>
    public required AgreementReadiness Agreements { get; init; }

    /// <summary>Workforce training.</summary>
    public required TrainingReadiness Training { get; init; }

    /// <summary>The gate's evaluation (approvals checked against trust anchors), when a gate was assessed and trust anchors were given.</summary>
    public GateEvaluation? GateEvaluation { get; init; }

    /// <summary>Required approval roles satisfied, as a percentage; <see langword="null"/> without a gate or roles.</summary>
    public decimal? ApprovalsPercent { get; init; }

    /// <summary>
    /// The readiness figure: the mean of the percentages that apply (controls, approvals, agreements, training), rounded to
    /// one decimal; <see langword="null"/> when nothing applies. Informative: only <see cref="Blockers"/> decide.
    /// </summary>
    public decimal? ReadinessPercent { get; init; }

    /// <summary>Every reason readiness is blocked.</summary>
    public required IReadOnlyList<ReadinessBlocker> Blockers { get; init; }

    /// <summary>What will block soon or deserves a look (expiring evidence, agreements, training; self-attested critical evidence).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Entries the projection could not apply.</summary>
    public required IReadOnlyList<ProjectionIssue> ProjectionIssues { get; init; }

    /// <summary>The gate's controls bound to programme records, each with why it is unmet (<see langword="null"/> when met), in the gate's order.</summary>
    public IReadOnlyList<RequirementStatus> Requirements { get; init; } = [];

    /// <summary>The imported checklist's declared figures against the computed one, when the gate came from an import.</summary>
    public ClaimContrast? Claims { get; init; }

    /// <summary>Ready when nothing blocks.</summary>
    public ReadinessStatus Status => Blockers.Count == 0 ? ReadinessStatus.Ready : ReadinessStatus.Blocked;
}
