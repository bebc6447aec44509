using ComplianceKit.Import;

namespace ComplianceKit.Cli.Reports;

/// <summary>One imported checklist's gate as the bundle shows it: the declared headline beside the figure computed from the bundle's evidence, and every item's classification.</summary>
internal sealed record ChecklistReport(string GateId, string Title, string Phase, string? SourceName, ChecklistClaim? Headline, decimal TickedPercent, decimal? ComputedPercent,
    IReadOnlyList<ChecklistReport.Item> Items)
{
    internal sealed record Item(string ControlId, string Title, string Criticality, string InGate, string? Requirement, bool Satisfied, string? Problem);
}
