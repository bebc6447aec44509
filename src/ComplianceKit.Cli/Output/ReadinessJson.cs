using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Readiness;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>readiness --json</c> (documented in README, "readiness --json").</summary>
internal sealed record ReadinessJson(
    string Database, string ChainId, string? Gate, string At, long LedgerSize, bool LedgerVerified, string Status, bool Ready, decimal? ReadinessPercent,
    ReadinessJson.Figures Components, IReadOnlyList<ReadinessJson.Criticality> ControlsByCriticality, IReadOnlyList<ReadinessJson.Control> Controls,
    ReadinessJson.Agreements Baas, ReadinessJson.Training Workforce, IReadOnlyList<ReadinessJson.Blocker> Blockers, IReadOnlyList<string> Warnings,
    ReadinessJson.Claims? Declared, IReadOnlyList<string> ProjectionIssues, IReadOnlyList<string> ProjectionDrift,
    string? Phase, string? ReleaseGate, IReadOnlyList<ReadinessJson.Requirement> Requirements)
{
    public static ReadinessJson From(string database, ReadinessReport report, IReadOnlyList<ProjectionDrift> drift)
    {
        var optional = (report.Gate?.OptionalControls ?? []).ToHashSet(StringComparer.Ordinal);
        var bound = report.Requirements.ToDictionary(r => r.Requirement.Control, StringComparer.Ordinal);
        return new(
        database, report.ChainId, report.Gate?.Id, Show(report.At), report.LedgerSize, true, report.Status.ToString(), report.Status == ReadinessStatus.Ready && drift.Count == 0,
        report.ReadinessPercent,
        new Figures(report.Controls.Percent, report.ApprovalsPercent, report.Agreements.Percent, report.Training.Percent),
        report.Controls.ByCriticality.Select(c => new Criticality(c.Criticality.ToString(), c.Total, c.Satisfied, c.Current, c.Expiring, c.Expired, c.Missing, c.SelfAttestedOnly, c.DecidedNotApplicable)).ToList(),
        report.Controls.Statuses.Select(s => new Control(s.Control.ControlId, s.Control.Title, s.Control.FrameworkReference, s.Control.Criticality.ToString(),
            s.Status.ToString(), s.Assurance?.ToString(), bound.TryGetValue(s.Control.ControlId, out var r) ? r.IsSatisfied : s.IsSatisfied,
            s.ValidUntil is { } until ? Show(until) : null, bound.TryGetValue(s.Control.ControlId, out var p) ? p.Problem : s.Problem,
            report.Gate is null ? null : optional.Contains(s.Control.ControlId) ? "optional" : "required",
            bound.TryGetValue(s.Control.ControlId, out var b) ? b.Requirement.Kind.ToString() : null)).ToList(),
        new Agreements(report.Agreements.PhiVendors, report.Agreements.Covered, report.Agreements.VendorsWithoutAgreement.Select(v => v.VendorId).ToList(),
            report.Agreements.Expiring.Select(b => b.BaaId).ToList()),
        new Training(report.Training.Members, report.Training.Covered, report.Training.Overdue.Count, report.Training.Expired.Count, report.Training.Expiring.Count,
            report.Training.NeverTrained.Select(m => m.PersonId).ToList()),
        report.Blockers.Select(b => new Blocker(b.Kind.ToString(), b.Subject, b.Message)).ToList(),
        report.Warnings,
        report.Claims is { } claims ? new Claims(claims.SourceName, claims.DeclaredClaims.Select(ClaimOf).ToList(), claims.TickedPercent, claims.ComputedPercent,
            claims.Headline is { } h ? ClaimOf(h) : null) : null,
        report.ProjectionIssues.Select(i => i.ToString()).ToList(),
        drift.Select(d => d.ToString()).ToList(),
        report.Gate is null ? null : (report.Gate.Phase ?? GatePhase.Release).ToString(), report.Gate?.ReleaseGate,
        report.Requirements.Select(q => new Requirement(q.Requirement.Control, q.Requirement.Kind.ToString(), q.Requirement.Vendors ?? [], q.IsSatisfied, q.Problem)).ToList());
    }

    private static Claim ClaimOf(Import.ChecklistClaim c) => new(c.Line, c.Percent, c.Text, c.Scope?.ToString(), c.Component);

    private static string Show(NodaTime.Instant instant) => PayloadCodec.FormatInstant(instant);

    internal sealed record Figures(decimal? Controls, decimal? Approvals, decimal? Agreements, decimal? Training);

    internal sealed record Criticality(string Name, int Total, int Satisfied, int Current, int Expiring, int Expired, int Missing, int SelfAttestedOnly, int DecidedNotApplicable);

    internal sealed record Control(string ControlId, string Title, string? FrameworkReference, string Criticality, string EvidenceStatus, string? Assurance,
        bool Satisfied, string? ValidUntil, string? Problem, string? InGate, string? Requirement);

    internal sealed record Requirement(string Control, string Kind, IReadOnlyList<string> Vendors, bool Satisfied, string? Problem);

    internal sealed record Agreements(int PhiVendors, int Covered, IReadOnlyList<string> VendorsWithoutAgreement, IReadOnlyList<string> Expiring);

    internal sealed record Training(int Members, int Covered, int Overdue, int Expired, int Expiring, IReadOnlyList<string> NeverTrained);

    internal sealed record Blocker(string Kind, string Subject, string Message);

    internal sealed record Claims(string? SourceName, IReadOnlyList<Claim> DeclaredClaims, decimal TickedPercent, decimal? ComputedPercent, Claim? Headline);

    internal sealed record Claim(int Line, decimal Percent, string Text, string? Scope, string? Component);
}
