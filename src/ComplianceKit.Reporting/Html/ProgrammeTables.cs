using System.Text;
using ComplianceKit.Readiness;
using static ComplianceKit.Reporting.Html.HtmlText;

namespace ComplianceKit.Reporting;

/// <summary>The programme's agreements and training as tables, under <c>h3</c> headings.</summary>
internal static class ProgrammeTables
{
    public static void Agreements(StringBuilder html, AgreementReadiness agreements)
    {
        html.Append("<h3 id=\"programme-baas\">Business associate agreements</h3>\n<p class=\"note\" data-figure=\"agreements\">")
            .Append(E($"{agreements.Covered} of {agreements.PhiVendors} vendors handling PHI are covered by an agreement in force with every required clause ({Percent(agreements.Percent)})."))
            .Append("</p>\n");
        if (agreements.VendorsWithoutAgreement.Count > 0)
        {
            html.Append("<table class=\"vendors-without\"><caption>Vendors handling PHI without an agreement in force</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Vendor</th><th scope=\"col\">Name</th><th scope=\"col\">Services</th></tr></thead><tbody>\n");
            foreach (var vendor in agreements.VendorsWithoutAgreement)
            {
                html.Append("<tr><td><code>").Append(E(vendor.VendorId)).Append("</code></td><td>").Append(E(vendor.Name)).Append("</td><td>")
                    .Append(E(string.Join(", ", vendor.Services))).Append("</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        if (agreements.Expiring.Count == 0)
        {
            html.Append("<p class=\"note\">No agreement expires within the warning window without renewing.</p>\n");
            return;
        }

        html.Append("<table class=\"baas-expiring\"><caption>Agreements expiring without automatic renewal</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Agreement</th><th scope=\"col\">Vendor</th><th scope=\"col\">Expires</th><th scope=\"col\">Services</th></tr></thead><tbody>\n");
        foreach (var baa in agreements.Expiring)
        {
            html.Append("<tr><td><code>").Append(E(baa.BaaId)).Append("</code></td><td>").Append(E(baa.Vendor?.Name ?? baa.VendorId)).Append("</td><td>")
                .Append(Day(baa.ExpiresAt)).Append("</td><td>").Append(E(string.Join(", ", baa.Services))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    public static void Training(StringBuilder html, TrainingReadiness training)
    {
        html.Append("<h3 id=\"programme-training\">Workforce training</h3>\n<p class=\"note\" data-figure=\"training\">")
            .Append(E($"{training.Covered} of {training.Members} workforce members have nothing overdue, expired or unassigned ({Percent(training.Percent)})."))
            .Append("</p>\n");
        var rows = training.Overdue.Select(t => (t.PersonId, t.CourseId, t.ContentVersion, State: "overdue", When: $"due {Day(t.DueAt)}"))
            .Concat(training.Expired.Select(t => (t.PersonId, t.CourseId, t.ContentVersion, State: "expired", When: $"expired {Day(t.ExpiresAt)}")))
            .Concat(training.Expiring.Select(t => (t.PersonId, t.CourseId, t.ContentVersion, State: "expiring", When: $"expires {Day(t.ExpiresAt)}")))
            .ToList();
        if (rows.Count > 0)
        {
            html.Append("<table class=\"training\"><caption>Training overdue, expired or expiring</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Course</th><th scope=\"col\">Version</th><th scope=\"col\">State</th><th scope=\"col\">When</th></tr></thead><tbody>\n");
            foreach (var row in rows)
            {
                html.Append("<tr><td><code>").Append(E(row.PersonId)).Append("</code></td><td>").Append(E(row.CourseId)).Append("</td><td>").Append(E(row.ContentVersion))
                    .Append("</td><td>").Append(row.State == "expiring" ? "<span class=\"warn\">expiring</span>" : $"<span class=\"bad\">{row.State}</span>")
                    .Append("</td><td>").Append(E(row.When)).Append("</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        if (training.NeverTrained.Count > 0)
        {
            html.Append("<table class=\"never-trained\"><caption>Workforce members never trained</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Role</th><th scope=\"col\">Joined</th><th scope=\"col\">Training assigned</th></tr></thead><tbody>\n");
            foreach (var member in training.NeverTrained)
            {
                html.Append("<tr><td><code>").Append(E(member.PersonId)).Append("</code></td><td>").Append(E(member.Role ?? member.Category.ToString())).Append("</td><td>")
                    .Append(Day(member.JoinedAt)).Append("</td><td>").Append(member.Assignments.Count > 0 ? "yes" : "<span class=\"bad\">no</span>").Append("</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }
    }

    public static void Issues(StringBuilder html, IReadOnlyList<ComplianceKit.Projection.ProjectionIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }

        html.Append("<h3 id=\"programme-issues\">Entries the programme could not read</h3>\n<p class=\"note\">They stay in the verified chain; readiness is computed without them.</p>\n")
            .Append("<table class=\"issues\"><colgroup><col style=\"width:9%\"><col style=\"width:20%\"><col></colgroup>\n")
            .Append("<thead><tr><th scope=\"col\" class=\"num\">Entry</th><th scope=\"col\">Type</th><th scope=\"col\">Why</th></tr></thead><tbody>\n");
        foreach (var issue in issues)
        {
            html.Append("<tr><td class=\"num\">").Append(issue.Sequence).Append("</td><td><code>").Append(E(issue.EntryType)).Append("</code></td><td>")
                .Append(E(issue.Message)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }
}
