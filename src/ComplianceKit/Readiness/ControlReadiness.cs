using ComplianceKit.Evidence;

namespace ComplianceKit.Readiness;

/// <summary>The controls in scope and their evidence.</summary>
/// <param name="Percent">Satisfied controls weighted by criticality (critical 3, important 2, optional 1), as a percentage; <see langword="null"/> with no control in scope.</param>
/// <param name="ByCriticality">Counts per criticality, most critical first.</param>
/// <param name="Statuses">Every control in scope, by id.</param>
public sealed record ControlReadiness(decimal? Percent, IReadOnlyList<CriticalitySummary> ByCriticality, IReadOnlyList<ControlEvidenceStatus> Statuses);
