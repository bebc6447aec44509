namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>import-checklist</c>.</summary>
internal static class ImportText
{
    public static void Write(TextWriter output, ImportJson result)
    {
        output.WriteLine($"Imported {result.File} (sha256 {result.Sha256[..16]}…) into {result.Database}, chain {result.ChainId}, entries {result.FirstSequence} to {result.LastSequence}.");
        foreach (var gate in result.Gates)
        {
            output.WriteLine($"  {(gate.Phase == "PostDeployment" ? "post-deployment gate" : "release gate")} {gate.Id}: requires {gate.RequiredControls} control(s) ({gate.Requirements} bound to programme records), shows {gate.OptionalControls} optional control(s) that never block, and {gate.RequiredRoles.Count} signed approval role(s){(gate.RequiredRoles.Count == 0 ? "" : ": " + string.Join(", ", gate.RequiredRoles))}");
            foreach (var attestation in gate.Attestations)
            {
                output.WriteLine($"    the {attestation.Role} attests: \"{attestation.Statement}\"");
            }
        }

        output.WriteLine($"  items: {result.ItemsImported} imported as controls ({string.Join(", ", result.ItemsByCriticality.Select(p => $"{p.Value} {p.Key.ToLowerInvariant()}"))}), {result.ItemsChecked} ticked (recorded as self-attested evidence: unsigned, the weakest kind), {result.ItemsRejected.Count} rejected");
        foreach (var rejected in result.ItemsRejected)
        {
            output.WriteLine($"    line {rejected.Line}: {rejected.Reason}");
        }

        output.WriteLine($"  classification{(result.Mapping is null ? " (override per item with --mapping <file.json>)" : $" (with mapping {result.Mapping})")}:");
        foreach (var item in result.Items)
        {
            var phase = item.Phase == "PostDeployment" ? "post-deployment" : "release";
            var binding = item.Requirement is null ? item.RequirementReason is null ? "" : $"; {item.RequirementReason}" : $"; bound: {item.RequirementReason}";
            output.WriteLine($"    line {item.Line,4} {item.Id} [{item.Criticality.ToLowerInvariant()}, {phase}] {item.Title} ({item.CriticalityReason}; {item.PhaseReason}{binding})");
        }

        foreach (var vendor in result.VendorsRegistered)
        {
            output.WriteLine($"  vendor registered: {vendor.VendorId} \"{vendor.Name}\", handles PHI: only an executed BAA in force satisfies the items bound to it, never a tick");
        }

        var filled = result.SignOffs.Count(s => s.Status != "Blank");
        if (filled > 0)
        {
            output.WriteLine($"    {filled} sign-off line(s) have text typed in; typed names are not signatures and count for nothing");
        }

        output.WriteLine($"  lines skipped: {result.LinesSkipped}{(result.LinesSkipped == 0 ? "" : " (" + string.Join(", ", result.SkippedByReason.Select(p => $"{p.Key} {p.Value}")) + ")")}");
        output.WriteLine(result.HeadlineClaim is { } headline
            ? $"  headline claim: \"{headline.Text}\" (line {headline.Line}); shown beside the readiness computed from evidence"
            : "  headline claim: none (the checklist declares no overall readiness figure)");
        foreach (var claim in result.DeclaredClaims)
        {
            output.WriteLine($"  declared: \"{claim.Text}\" (line {claim.Line}, {(claim.Component is null ? (claim.Scope ?? "Overall").ToLowerInvariant() : $"component {claim.Component}")})");
        }

        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"  warning{(warning.Line is { } line ? $" (line {line})" : "")}: {warning.Message}");
        }

        output.WriteLine(result.ProjectionRebuilt
            ? "  projection tables rebuilt from the verified ledger"
            : "  projection tables absent (database made by an older version); readiness still works from the ledger");
        // An unsigned gate definition counts only when readiness is told to accept unsigned administration.
        output.WriteLine($"Next: compliancekit readiness --db {result.Database} --gate {result.Gate}{(result.GateDefinitionSigned ? "" : " --unsigned-administration")}");
    }
}
