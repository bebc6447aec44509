using System.Text;
using ComplianceKit.Evidence;
using ComplianceKit.Readiness;
using static ComplianceKit.Reporting.Html.HtmlText;

namespace ComplianceKit.Reporting;

/// <summary>
/// The one renderer of readiness for people: a gate's status with every blocker, the figure computed from evidence beside the
/// figure the checklist declared, and what the figure is made of; and the programme's controls, agreements and training as
/// tables. <c>compliancekit report --html</c> and the dashboard both call it, so the two never disagree.
/// </summary>
/// <remarks>
/// Renders only what the <see cref="ReadinessReport"/> holds (computed by <see cref="ReadinessAssessor"/> from verified entries);
/// it decides nothing. Every piece of entry text is HTML-encoded. Elements carry <c>data-gate</c>, <c>data-status</c> and
/// <c>data-figure</c> attributes so tools and tests read the page without parsing prose. Thread-safe (stateless).
/// </remarks>
public static class ReadinessHtml
{
    /// <summary>One gate as an HTML <c>&lt;section&gt;</c> whose heading is an <c>h3</c> (nest it under an <c>h2</c>).</summary>
    /// <exception cref="ArgumentException">The report is the whole programme's (no gate).</exception>
    public static string Gate(ReadinessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gate = report.Gate ?? throw new ArgumentException("The report assesses no gate; render it with Programme.", nameof(report));
        var id = Id("gate", gate.Id);
        var ready = report.Status == ReadinessStatus.Ready;
        var html = new StringBuilder(4096);
        html.Append("<section class=\"gate\" id=\"").Append(id).Append("\" data-gate=\"").Append(E(gate.Id)).Append("\" aria-labelledby=\"").Append(id).Append("-title\">\n")
            .Append("<h3 id=\"").Append(id).Append("-title\">").Append(E(gate.Title)).Append(" <code>").Append(E(gate.Id)).Append("</code> ")
            .Append("<span class=\"badge ").Append(ready ? "ready" : "blocked").Append("\" data-status=\"").Append(ready ? "ready" : "blocked").Append("\">")
            .Append(ready ? "READY" : "BLOCKED").Append("</span></h3>\n");
        Figures(html, report);
        Parts(html, report);
        Blockers(html, report);
        Warnings(html, report.Warnings);
        ControlsTable(html, report, $"Controls in this gate ({report.Controls.Statuses.Count})");
        return html.Append("</section>\n").ToString();
    }

    /// <summary>
    /// The whole programme (a report with no gate) as tables under <c>h3</c> headings: every active control with its evidence,
    /// PHI vendors without an agreement and agreements expiring, and training overdue, expired, expiring or never done.
    /// </summary>
    public static string Programme(ReadinessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(8192);
        html.Append("<div class=\"programme\" data-status=\"").Append(report.Status == ReadinessStatus.Ready ? "ready" : "blocked").Append("\">\n");
        html.Append("<h3 id=\"programme-controls\">Controls and evidence</h3>\n");
        ControlsTable(html, report, $"Active controls ({report.Controls.Statuses.Count}), weighted figure {Percent(report.Controls.Percent)}");
        ProgrammeTables.Agreements(html, report.Agreements);
        ProgrammeTables.Training(html, report.Training);
        ProgrammeTables.Issues(html, report.ProjectionIssues);
        return html.Append("</div>\n").ToString();
    }

    private static void Figures(StringBuilder html, ReadinessReport report)
    {
        html.Append("<div class=\"figures\">\n<p class=\"figure\"><span class=\"label\">Computed from evidence</span><span class=\"value\" data-figure=\"computed\">")
            .Append(Percent(report.ReadinessPercent)).Append("</span></p>\n");
        if (report.Claims is { } claims)
        {
            html.Append("<p class=\"figure\"><span class=\"label\">Declared by the checklist</span><span class=\"value\" data-figure=\"declared\">")
                .Append(claims.Headline is { } headline ? Percent(headline.Percent) : "none").Append("</span>");
            if (claims.Headline is { } h)
            {
                html.Append("<br><small>\"").Append(E(h.Text)).Append("\", line ").Append(h.Line).Append(" of ").Append(E(claims.SourceName ?? "the checklist")).Append("</small>");
            }

            html.Append("</p>\n<p class=\"figure\"><span class=\"label\">Boxes ticked at import</span><span class=\"value\" data-figure=\"ticked\">")
                .Append(Percent(claims.TickedPercent)).Append("</span></p>\n");
        }

        html.Append("</div>\n");
    }

    private static void Parts(StringBuilder html, ReadinessReport report)
    {
        var approvals = report.Gate!.RequiredRoles.Count == 0
            ? "no role required"
            : $"{report.GateEvaluation?.SatisfiedRoles.Count ?? 0} of {report.Gate.RequiredRoles.Count} required roles approved";
        html.Append("<table class=\"parts\"><caption>The computed figure is the mean of the parts that apply</caption>\n<colgroup><col style=\"width:16%\"><col style=\"width:10%\"><col></colgroup>\n")
            .Append("<thead><tr><th scope=\"col\">Part</th><th scope=\"col\" class=\"num\">Figure</th><th scope=\"col\">What it counts</th></tr></thead><tbody>\n");
        Part(html, "Controls", report.Controls.Percent, $"{report.Controls.Statuses.Count(s => s.IsSatisfied)} of {report.Controls.Statuses.Count} met, weighted critical 3, important 2, optional 1");
        Part(html, "Approvals", report.ApprovalsPercent, approvals);
        Part(html, "Agreements", report.Agreements.Percent, $"{report.Agreements.Covered} of {report.Agreements.PhiVendors} PHI vendors covered by a complete agreement in force");
        Part(html, "Training", report.Training.Percent, $"{report.Training.Covered} of {report.Training.Members} workforce members with nothing overdue, expired or unassigned");
        html.Append("</tbody></table>\n");
    }

    private static void Part(StringBuilder html, string name, decimal? percent, string counts) =>
        html.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td class=\"num\">").Append(Percent(percent)).Append("</td><td>").Append(E(counts)).Append("</td></tr>\n");

    private static void Blockers(StringBuilder html, ReadinessReport report)
    {
        if (report.Blockers.Count == 0)
        {
            html.Append("<p class=\"ok\" data-blockers=\"0\">Nothing blocks this gate.</p>\n");
            return;
        }

        html.Append("<h4>Blockers (").Append(report.Blockers.Count).Append(")</h4>\n<ul class=\"blockers\" data-blockers=\"").Append(report.Blockers.Count).Append("\">\n");
        foreach (var blocker in report.Blockers)
        {
            html.Append("<li data-kind=\"").Append(E(blocker.Kind.ToString())).Append("\"><span class=\"bad\">").Append(E(BlockerName(blocker.Kind))).Append("</span> <code>")
                .Append(E(blocker.Subject)).Append("</code>: ").Append(E(blocker.Message)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void Warnings(StringBuilder html, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        html.Append("<h4>Warnings (").Append(warnings.Count).Append(")</h4>\n<ul class=\"blockers warnings\">\n");
        foreach (var warning in warnings)
        {
            html.Append("<li>").Append(E(warning)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static void ControlsTable(StringBuilder html, ReadinessReport report, string caption)
    {
        if (report.Controls.Statuses.Count == 0)
        {
            html.Append("<p class=\"note\">No control is in scope.</p>\n");
            return;
        }

        var bound = report.Requirements.ToDictionary(r => r.Requirement.Control, StringComparer.Ordinal);
        var optional = (report.Gate?.OptionalControls ?? []).ToHashSet(StringComparer.Ordinal);
        html.Append("<table class=\"controls\"><caption>").Append(E(caption)).Append("</caption>\n<colgroup><col style=\"width:24%\"><col style=\"width:30%\"><col style=\"width:11%\"><col style=\"width:12%\"><col></colgroup>\n")
            .Append("<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Title</th><th scope=\"col\">Criticality</th><th scope=\"col\">Evidence</th><th scope=\"col\">Met</th></tr></thead><tbody>\n");
        foreach (var status in report.Controls.Statuses)
        {
            // A control bound to programme records is decided by them, as the assessment decided it.
            var problem = bound.TryGetValue(status.Control.ControlId, out var requirement) ? requirement.Problem : status.Problem;
            html.Append("<tr><td><code>").Append(E(status.Control.ControlId)).Append("</code></td><td>").Append(E(status.Control.Title)).Append("</td><td>")
                .Append(E(status.Control.Criticality.ToString())).Append(optional.Contains(status.Control.ControlId) ? ", optional in this gate" : "").Append("</td><td>")
                .Append(requirement is not null ? "records: " + E(requirement.Requirement.Kind.ToString()) : E(Evidence(status))).Append("</td><td>")
                .Append(problem is null ? "<span class=\"ok\">yes</span>" : "<span class=\"bad\">no</span>: " + E(problem)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string Evidence(ControlEvidenceStatus status) => status.SatisfiedByDecision
        ? "documented decision"
        : status.Status switch
        {
            EvidenceStatus.Current or EvidenceStatus.Expiring => status.Status.ToString().ToLowerInvariant() + (status.Assurance is { } a ? $", {Assurance(a)}" : "")
                + (status.ValidUntil is { } until ? $", until {Day(until)}" : ""),
            _ => status.Status.ToString().ToLowerInvariant(),
        };

    private static string Assurance(EvidenceAssurance assurance) => assurance switch
    {
        EvidenceAssurance.SelfAttested => "self-attested",
        EvidenceAssurance.SignedArtifact => "signed artifact",
        _ => assurance.ToString().ToLowerInvariant(),
    };

    private static string BlockerName(ReadinessBlockerKind kind) => kind switch
    {
        ReadinessBlockerKind.Approval => "Approval",
        ReadinessBlockerKind.ControlEvidence => "Control evidence",
        ReadinessBlockerKind.ControlUndefined => "Control undefined",
        ReadinessBlockerKind.AgreementMissing => "No BAA",
        ReadinessBlockerKind.AgreementClausesMissing => "BAA clauses missing",
        ReadinessBlockerKind.PhiDispositionMissing => "PHI disposition missing",
        ReadinessBlockerKind.TrainingOverdue => "Training overdue",
        ReadinessBlockerKind.TrainingExpired => "Training expired",
        ReadinessBlockerKind.TrainingNeverAssigned => "Training never assigned",
        ReadinessBlockerKind.RequirementUnmet => "Requirement unmet",
        _ => kind.ToString(),
    };
}
