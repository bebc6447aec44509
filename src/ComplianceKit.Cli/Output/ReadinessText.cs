using System.Globalization;
using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Readiness;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>readiness</c>.</summary>
internal static class ReadinessText
{
    public static void Write(TextWriter output, string database, ReadinessReport report, IReadOnlyList<ProjectionDrift> drift)
    {
        var scope = report.Gate is { } gate ? $"gate {gate.Id} ({gate.Title})" : "the whole compliance programme";
        output.WriteLine($"Readiness of {scope} at {PayloadCodec.FormatInstant(report.At)}");
        output.WriteLine($"  ledger {database}, chain {report.ChainId}: {report.LedgerSize} entries, verified");
        var ready = report.Status == ReadinessStatus.Ready && drift.Count == 0;
        output.WriteLine($"Result: {(ready ? "READY" : "BLOCKED")}, {report.Blockers.Count + drift.Count} blocker(s). Readiness figure {Percent(report.ReadinessPercent)} (computed from evidence, never declared).");
        output.WriteLine($"  controls    {Percent(report.Controls.Percent),7}  satisfied, weighted critical 3 / important 2 / optional 1");
        foreach (var c in report.Controls.ByCriticality.Where(c => c.Total > 0))
        {
            output.WriteLine($"    {c.Criticality.ToString().ToLowerInvariant(),-10} {c.Satisfied,4} of {c.Total,-4} satisfied; evidence: {c.Current} current, {c.Expiring} expiring, {c.Expired} expired, {c.Missing} missing; {c.SelfAttestedOnly} self-attested (unsigned) only; {c.DecidedNotApplicable} addressable, decided");
        }

        if (report.Gate is { } g)
        {
            output.WriteLine($"  approvals   {Percent(report.ApprovalsPercent),7}  {report.GateEvaluation?.SatisfiedRoles.Count ?? 0} of {g.RequiredRoles.Count} required role(s): {string.Join(", ", g.RequiredRoles)}");
        }

        output.WriteLine($"  agreements  {Percent(report.Agreements.Percent),7}  {report.Agreements.Covered} of {report.Agreements.PhiVendors} vendor(s) handling PHI covered by a complete BAA in force");
        output.WriteLine($"  training    {Percent(report.Training.Percent),7}  {report.Training.Covered} of {report.Training.Members} workforce member(s) with nothing overdue, expired or unassigned");
        foreach (var requirement in report.Requirements)
        {
            var what = requirement.Requirement.Kind switch
            {
                GateRequirementKind.BaaInForce => $"BAA in force with {string.Join(", ", requirement.Requirement.Vendors ?? [])}",
                GateRequirementKind.TrainingCurrent => "workforce training complete",
                _ => "PHI access trail (chain verifies, access events in the period)",
            };
            output.WriteLine($"  bound       {(requirement.IsSatisfied ? "met" : "unmet"),7}  {requirement.Requirement.Control}: {what}{(requirement.Problem is null ? "" : $": {requirement.Problem}")}");
        }

        if (report.Claims is { } claims)
        {
            var headline = claims.Headline is { } h ? $"Declared {Percent(h.Percent)} (\"{h.Text}\", line {h.Line}) beside computed {Percent(claims.ComputedPercent)}" : $"No headline figure declared; computed {Percent(claims.ComputedPercent)}";
            var declared = claims.DeclaredClaims.Count == 0
                ? "declared no readiness figure"
                : "declared " + string.Join(", ", claims.DeclaredClaims.Select(c => $"\"{c.Text}\" (line {c.Line})"));
            output.WriteLine($"{headline}. The checklist {claims.SourceName ?? ""} {declared}; {Percent(claims.TickedPercent)} of its boxes were ticked. Computed from evidence: {Percent(claims.ComputedPercent)}.");
        }

        if (report.Blockers.Count > 0 || drift.Count > 0)
        {
            output.WriteLine("Blockers:");
            foreach (var d in drift)
            {
                output.WriteLine($"  - ProjectionTampered: {d}");
            }

            foreach (var blocker in report.Blockers)
            {
                output.WriteLine($"  - {blocker.Kind} {blocker.Subject}: {blocker.Message}");
            }
        }

        if (report.Warnings.Count > 0)
        {
            output.WriteLine("Warnings:");
            foreach (var warning in report.Warnings)
            {
                output.WriteLine($"  - {warning}");
            }
        }

        if (report.ProjectionIssues.Count > 0)
        {
            output.WriteLine($"Entries not in the documented shape ({report.ProjectionIssues.Count}), left out of the state:");
            foreach (var issue in report.ProjectionIssues.Take(20))
            {
                output.WriteLine($"  - {issue}");
            }
        }
    }

    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
