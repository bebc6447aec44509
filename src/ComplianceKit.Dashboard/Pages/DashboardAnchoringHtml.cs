using System.Globalization;
using System.Text;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>
/// The anchoring section: per chain, the newest checkpoint it records, its time, the pinned witnesses that co-signed it, the anchored
/// range and the unanchored tail (docs/ANCHORING.md). An unanchored tail is not tampering, and the page says so.
/// </summary>
internal static class DashboardAnchoringHtml
{
    public static void Section(StringBuilder html, IReadOnlyList<ChainAnchoring> rows)
    {
        html.Append("<section id=\"anchoring\" aria-labelledby=\"anchoring-title\"><h2 id=\"anchoring-title\">Anchoring: checkpoints published and co-signed</h2>\n")
            .Append("<p class=\"note\">A range is anchored when a checkpoint the chain records covers it and the pinned witnesses co-signed that checkpoint: ")
            .Append("rewriting it would contradict what they hold. The unanchored tail is not tampering; it waits for the next checkpoint.</p>\n")
            .Append("<table class=\"anchoring\" data-anchoring=\"chains\"><caption>Per chain, from its verified entries</caption>\n")
            .Append("<colgroup><col style=\"width:12%\"><col style=\"width:28%\"><col style=\"width:22%\"><col style=\"width:20%\"><col></colgroup>\n")
            .Append("<thead><tr><th scope=\"col\">Chain</th><th scope=\"col\">Newest checkpoint</th><th scope=\"col\">Co-signed by</th><th scope=\"col\">Anchored</th><th scope=\"col\">Unanchored tail</th></tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr data-chain=\"").Append(DashboardPage.E(row.ChainId)).Append("\"><th scope=\"row\">").Append(DashboardPage.E(row.ChainId)).Append("</th>");
            if (row.Problem is { } problem)
            {
                Cell(html, "newest", $"NOT VERIFIED: {problem} Nothing is read from it.", "bad", columns: 4);
                html.Append("</tr>\n");
                continue;
            }

            Cell(html, "newest", Newest(row), row.Newest is null ? "warn" : null);
            Cell(html, "witnesses", Witnesses(row));
            var (anchored, css) = Anchored(row);
            Cell(html, "anchored", anchored, css);
            var from = row.Report?.AnchoredSize ?? 0;
            Cell(html, "tail", row.VerifiedSize == from ? "none" : Invariant($"{row.VerifiedSize - from:N0} entries ({from}-{row.VerifiedSize - 1})"), row.VerifiedSize == from ? null : "warn");
            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n</section>\n");
    }

    private static string Newest(ChainAnchoring row) => row.Newest is not { } newest
        ? "none recorded yet"
        : Invariant($"{newest.Checkpoint.Checkpoint.TreeSize:N0} entries, ") +
          (row.NewestSignedAt is { } at ? $"signed {DashboardPage.Minute.Format(at)}" : "its signature not checked against the checkpoint trust") + $" ({newest.File})";

    private static string Witnesses(ChainAnchoring row)
    {
        if (row.Newest is null)
        {
            return "-";
        }

        var names = row.NewestWitnesses.Count == 0 ? "no pinned witness" : string.Join("; ", row.NewestWitnesses);
        return row.NewestUnpinnedCosignatures == 0 ? names : Invariant($"{names} (+{row.NewestUnpinnedCosignatures} by witnesses not pinned)");
    }

    private static (string Text, string? Css) Anchored(ChainAnchoring row)
    {
        if (row.Report is not { } report)
        {
            return ($"not judged: {row.NotJudged}", "warn");
        }

        if (!report.IsValid)
        {
            return ($"CONTRADICTED: {string.Join(" ", report.Findings.Select(f => f.Message))}", "bad");
        }

        return report.AnchoredSize == 0
            ? (Invariant($"nothing yet ({report.CheckpointsWithoutQuorum} checkpoint(s) without the witnesses' quorum)"), "warn")
            : (Invariant($"entries 0-{report.AnchoredSize - 1}") + (report.NewestAnchorTime is { } at ? $", anchor signed {DashboardPage.Minute.Format(at)}" : ""), "ok");
    }

    private static void Cell(StringBuilder html, string field, string text, string? css = null, int columns = 1)
    {
        html.Append("<td data-field=\"").Append(field).Append('"').Append(columns == 1 ? "" : Invariant($" colspan=\"{columns}\"")).Append('>')
            .Append(css is null ? "" : $"<span class=\"{css}\">").Append(DashboardPage.E(text)).Append(css is null ? "" : "</span>").Append("</td>");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
