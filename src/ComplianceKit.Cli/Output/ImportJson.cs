using ComplianceKit.Import;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>import-checklist --json</c> (documented in README, "import-checklist --json").</summary>
internal sealed record ImportJson(
    string File, string Sha256, string? Encoding, string Database, string ChainId, string Gate, string? Title,
    int ItemsImported, int ItemsChecked, IReadOnlyList<ImportJson.Rejected> ItemsRejected,
    IReadOnlyList<string> SignOffRoles, IReadOnlyList<ImportJson.SignOff> SignOffs,
    int LinesSkipped, IReadOnlyDictionary<string, int> SkippedByReason, IReadOnlyList<ImportJson.Skipped> SkippedLines,
    IReadOnlyList<ImportJson.Claim> DeclaredClaims, IReadOnlyList<ImportJson.Warning> Warnings,
    long FirstSequence, long LastSequence, bool ProjectionRebuilt)
{
    /// <summary>Whether an administrator signed the gate definition (<c>--signing-cert</c>); unsigned, it counts only under <c>--unsigned-administration</c>.</summary>
    public bool GateDefinitionSigned { get; init; }

    public static ImportJson From(string file, string database, string chainId, ChecklistImportPlan plan, long firstSequence, long lastSequence, bool rebuilt)
    {
        var document = plan.Document;
        return new(
            file, plan.Summary.SourceSha256, document.SourceEncoding, database, chainId, plan.Gate.Id, document.Title,
            plan.Controls.Count, plan.Evidence.Count, plan.RejectedItems.Select(r => new Rejected(r.Line, r.Reason)).ToList(),
            plan.Summary.SignOffRoles,
            document.SignOffs.Select(s => new SignOff(s.Line, s.Role, s.Status.ToString(), s.SignedBy, s.DateText)).ToList(),
            document.SkippedLines.Count,
            document.SkippedLines.GroupBy(s => s.Reason.ToString()).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            document.SkippedLines.Select(s => new Skipped(s.Line, s.Reason.ToString(), s.Text)).ToList(),
            plan.Summary.DeclaredClaims.Select(c => new Claim(c.Line, c.Percent, c.Text)).ToList(),
            document.Warnings.Select(w => new Warning(w.Kind.ToString(), w.Line, w.Message)).ToList(),
            firstSequence, lastSequence, rebuilt);
    }

    internal sealed record Rejected(int Line, string Reason);

    internal sealed record SignOff(int Line, string Role, string Status, string? SignedBy, string? Date);

    internal sealed record Skipped(int Line, string Reason, string Text);

    internal sealed record Claim(int Line, decimal Percent, string Text);

    internal sealed record Warning(string Kind, int? Line, string Message);
}
