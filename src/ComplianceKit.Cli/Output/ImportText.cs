namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>import-checklist</c>.</summary>
internal static class ImportText
{
    public static void Write(TextWriter output, ImportJson result)
    {
        output.WriteLine($"Imported {result.File} (sha256 {result.Sha256[..16]}…) into {result.Database}, chain {result.ChainId}, entries {result.FirstSequence} to {result.LastSequence}.");
        output.WriteLine($"  gate {result.Gate}{(result.Title is null ? "" : $" \"{result.Title}\"")}: requires {result.ItemsImported} control(s) and {result.SignOffRoles.Count} signed approval role(s)");
        output.WriteLine($"  items: {result.ItemsImported} imported as controls, {result.ItemsChecked} ticked (recorded as self-attested evidence: unsigned, the weakest kind), {result.ItemsRejected.Count} rejected");
        foreach (var rejected in result.ItemsRejected)
        {
            output.WriteLine($"    line {rejected.Line}: {rejected.Reason}");
        }

        output.WriteLine($"  sign-off roles: {(result.SignOffRoles.Count == 0 ? "none found" : string.Join(", ", result.SignOffRoles))}");
        var filled = result.SignOffs.Count(s => s.Status != "Blank");
        if (filled > 0)
        {
            output.WriteLine($"    {filled} sign-off line(s) have text typed in; typed names are not signatures and count for nothing");
        }

        output.WriteLine($"  lines skipped: {result.LinesSkipped}{(result.LinesSkipped == 0 ? "" : " (" + string.Join(", ", result.SkippedByReason.Select(p => $"{p.Key} {p.Value}")) + ")")}");
        foreach (var claim in result.DeclaredClaims)
        {
            output.WriteLine($"  declared: \"{claim.Text}\" (line {claim.Line}); kept to contrast with the readiness computed from evidence");
        }

        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"  warning{(warning.Line is { } line ? $" (line {line})" : "")}: {warning.Message}");
        }

        output.WriteLine(result.ProjectionRebuilt
            ? "  projection tables rebuilt from the verified ledger"
            : "  projection tables absent (database made by an older version); readiness still works from the ledger");
        output.WriteLine($"Next: compliancekit readiness --db {result.Database} --gate {result.Gate}");
    }
}
