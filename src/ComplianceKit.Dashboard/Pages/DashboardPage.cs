using System.Globalization;
using System.Net;
using System.Text;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Readiness;
using ComplianceKit.Reporting;
using NodaTime.Text;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>
/// The dashboard as one server-rendered page: landmarks and headings for screen readers, a skip link, readiness through
/// <see cref="ReadinessHtml"/> (the report's renderer), the shared stylesheet inline, no scripts, every value HTML-encoded.
/// </summary>
internal static class DashboardPage
{
    internal static readonly InstantPattern Minute = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm 'UTC'");

    public static string Render(string organization, DashboardState state, string bundleHref, bool canDownload)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Compliance dashboard: ").Append(E(organization)).Append("</title>\n<style>").Append(ReportStylesheet.Css)
            .Append("header.verdict a{color:#fff;text-decoration:underline}header.verdict a:focus-visible{outline-color:#fff}.skip{position:absolute;left:-9999px}.skip:focus{left:24px;top:8px;background:#fff;padding:4px 8px}nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:16px;padding:0;margin:8px 0 0}")
            .Append("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the dashboard</a>\n");
        var verified = state.Problem is null && state.Verification is { IsValid: true };
        html.Append("<header class=\"verdict ").Append(verified ? "verified" : "invalid").Append("\"><h1 id=\"verdict\">Compliance dashboard: ").Append(E(organization)).Append("</h1><p>")
            .Append(E(verified ? $"Chain {state.ChainId} verifies; everything below is computed from its verified entries at {Minute.Format(state.At)}." : $"Chain {state.ChainId} does NOT verify; nothing is assessed from it."))
            .Append("</p>\n<nav aria-label=\"Sections\"><ul><li><a href=\"#chain\">Chain</a></li><li><a href=\"#anchoring\">Anchoring</a></li><li><a href=\"#gates\">Gates</a></li><li><a href=\"#programme\">Agreements and training</a></li>")
            .Append("<li><a href=\"#access\">Break-glass and denied access</a></li><li><a href=\"#bundle\">Evidence bundle</a></li></ul></nav></header>\n<main id=\"main\">\n");
        Chain(html, state, verified);
        if (verified)
        {
            DashboardAnchoringHtml.Section(html, state.Anchoring);
            html.Append("<section id=\"gates\" aria-labelledby=\"gates-title\"><h2 id=\"gates-title\">Gates: readiness and blockers</h2>\n");
            if (state.Gates.Count == 0)
            {
                html.Append("<p class=\"note\">No gate is defined.</p>\n");
            }

            foreach (var gate in state.Gates)
            {
                html.Append(ReadinessHtml.Gate(gate));
            }

            html.Append("</section>\n<section id=\"programme\" aria-labelledby=\"programme-title\"><h2 id=\"programme-title\">Controls, agreements and training</h2>\n")
                .Append(ReadinessHtml.Programme(state.Programme!)).Append("</section>\n");
            Access(html, state);
        }

        Bundle(html, bundleHref, canDownload && verified);
        html.Append("</main>\n<footer>ComplianceKit dashboard. The evidence is the ledger and its signatures; download a bundle and check it offline with <code>compliancekit verify</code>.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Chain(StringBuilder html, DashboardState state, bool verified)
    {
        html.Append("<section id=\"chain\" aria-labelledby=\"chain-title\"><h2 id=\"chain-title\">Chain verification</h2>\n<dl>\n");
        Row(html, "Chain", state.ChainId);
        Row(html, "Status", verified ? "VERIFIED: every entry, link and Merkle node checks out" : $"NOT VERIFIED: {state.Problem ?? state.Verification?.Status.ToString()}", verified ? "ok" : "bad", "chain-status");
        if (state.Verification is { } report)
        {
            Row(html, "Verified head", string.Create(CultureInfo.InvariantCulture, $"{report.TreeHead.Size:N0} entries, root {Hex.Format(report.TreeHead.Root)}"), null, "chain-head");
        }

        if (verified)
        {
            Row(html, "Newest checkpoint", state.NewestCheckpoint is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{c.Checkpoint.Checkpoint.TreeSize:N0} entries, root {Hex.Format(c.Checkpoint.Checkpoint.Root)}, recorded {Minute.Format(c.RecordedAt)} (entry {c.Sequence})")
                : "none published yet: compare the verified head instead", state.NewestCheckpoint is null ? "warn" : null, "chain-checkpoint");
        }

        html.Append("</dl>\n</section>\n");
    }

    private static void Access(StringBuilder html, DashboardState state)
    {
        html.Append("<section id=\"access\" aria-labelledby=\"access-title\"><h2 id=\"access-title\">Recent break-glass and denied access</h2>\n");
        AccessTable(html, "Break-glass accesses", "break-glass", state.BreakGlass);
        AccessTable(html, "Denied accesses", "denied", state.Denied);
        html.Append("</section>\n");
    }

    private static void AccessTable(StringBuilder html, string caption, string css, IReadOnlyList<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            html.Append("<p class=\"note\" data-access=\"").Append(css).Append("\">No ").Append(caption.ToLowerInvariant()).Append(" in the window.</p>\n");
            return;
        }

        html.Append("<table class=\"").Append(css).Append("\" data-access=\"").Append(css).Append("\"><caption>").Append(caption).Append(", newest first</caption>\n")
            .Append("<colgroup><col style=\"width:18%\"><col style=\"width:22%\"><col style=\"width:40%\"><col></colgroup>\n")
            .Append("<thead><tr><th scope=\"col\">When</th><th scope=\"col\">User</th><th scope=\"col\">Record (pseudonym)</th><th scope=\"col\" class=\"num\">Entry</th></tr></thead><tbody>\n");
        foreach (var entry in entries)
        {
            html.Append("<tr><td>").Append(Minute.Format(entry.OccurredAt)).Append("</td><td>").Append(E(entry.Actor)).Append("</td><td><code>").Append(E(entry.Subject))
                .Append("</code></td><td class=\"num\">").Append(entry.Sequence.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Bundle(StringBuilder html, string href, bool canDownload)
    {
        html.Append("<section id=\"bundle\" aria-labelledby=\"bundle-title\"><h2 id=\"bundle-title\">Evidence bundle</h2>\n");
        if (!canDownload)
        {
            html.Append("<p class=\"note\">No bundle can be downloaded: the host configured no bundle signer, or the chain does not verify.</p></section>\n");
            return;
        }

        html.Append("<form method=\"get\" action=\"").Append(E(href)).Append("\"><p class=\"note\">A signed zip of the whole chain that anyone can verify offline with <code>compliancekit verify</code> or OpenSSL.</p>")
            .Append("<button type=\"submit\" id=\"download-bundle\">Download evidence bundle</button></form>\n</section>\n");
    }

    private static void Row(StringBuilder html, string name, string value, string? css = null, string? id = null)
    {
        html.Append("<dt>").Append(E(name)).Append("</dt><dd").Append(id is null ? "" : $" id=\"{id}\"").Append('>')
            .Append(css is null ? "" : $"<span class=\"{css}\">").Append(E(value)).Append(css is null ? "" : "</span>").Append("</dd>\n");
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
