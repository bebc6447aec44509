using ComplianceKit.Import;

namespace ComplianceKit.Readiness;

/// <summary>What the imported checklist declared against what the evidence shows.</summary>
/// <param name="SourceName">The checklist file.</param>
/// <param name="DeclaredClaims">Readiness figures written in the checklist's text (for example "95% ready").</param>
/// <param name="TickedPercent">The share of its boxes that were ticked when imported.</param>
/// <param name="ComputedPercent">The readiness figure computed from evidence.</param>
/// <param name="Headline">The document's headline claim (an overall figure), shown beside the computed one; <see langword="null"/> when it declared none.</param>
public sealed record ClaimContrast(string? SourceName, IReadOnlyList<ChecklistClaim> DeclaredClaims, decimal TickedPercent, decimal? ComputedPercent,
    ChecklistClaim? Headline = null);
