using ComplianceKit.Administration;
using ComplianceKit.Controls;
using ComplianceKit.Import;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>import-checklist --json</c> (documented in README, "import-checklist --json").</summary>
internal sealed record ImportJson(
    string File, string Sha256, string? Encoding, string Database, string ChainId, string Gate, string? Title,
    int ItemsImported, int ItemsChecked, IReadOnlyList<ImportJson.Rejected> ItemsRejected,
    IReadOnlyList<string> SignOffRoles, IReadOnlyList<ImportJson.SignOff> SignOffs,
    int LinesSkipped, IReadOnlyDictionary<string, int> SkippedByReason, IReadOnlyList<ImportJson.Skipped> SkippedLines,
    IReadOnlyList<ImportJson.Claim> DeclaredClaims, IReadOnlyList<ImportJson.Warning> Warnings,
    long FirstSequence, long LastSequence, bool ProjectionRebuilt,
    ImportJson.Claim? HeadlineClaim, string? Mapping, IReadOnlyDictionary<string, int> ItemsByCriticality, IReadOnlyDictionary<string, int> ItemsByGate,
    IReadOnlyList<ImportJson.GateSummary> Gates, IReadOnlyList<ImportJson.Item> Items, IReadOnlyList<ImportJson.Vendor> VendorsRegistered)
{
    /// <summary>Whether an administrator signed the gate definitions (<c>--signing-cert</c>); unsigned, they count only under <c>--unsigned-administration</c>.</summary>
    public bool GateDefinitionSigned { get; init; }

    public static ImportJson From(string file, string database, string chainId, ChecklistImportPlan plan, long firstSequence, long lastSequence, bool rebuilt, string? mapping)
    {
        var document = plan.Document;
        var gates = new[] { plan.Gate, plan.PostDeploymentGate }.OfType<GateDefinition>().ToList();
        return new(
            file, plan.Summary.SourceSha256, document.SourceEncoding, database, chainId, plan.Gate.Id, document.Title,
            plan.Controls.Count, plan.Evidence.Count, plan.RejectedItems.Select(r => new Rejected(r.Line, r.Reason)).ToList(),
            plan.Summary.SignOffRoles,
            document.SignOffs.Select(s => new SignOff(s.Line, s.Role, s.Status.ToString(), s.SignedBy, s.DateText, s.Attestation)).ToList(),
            document.SkippedLines.Count,
            document.SkippedLines.GroupBy(s => s.Reason.ToString()).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            document.SkippedLines.Select(s => new Skipped(s.Line, s.Reason.ToString(), s.Text)).ToList(),
            plan.Summary.DeclaredClaims.Select(ClaimOf).ToList(),
            document.Warnings.Select(w => new Warning(w.Kind.ToString(), w.Line, w.Message)).ToList(),
            firstSequence, lastSequence, rebuilt,
            plan.Summary.HeadlineClaim is { } headline ? ClaimOf(headline) : null,
            mapping,
            Enum.GetValues<ControlCriticality>().Reverse().ToDictionary(c => c.ToString(), c => plan.Classifications.Count(i => i.Criticality == c), StringComparer.Ordinal),
            gates.ToDictionary(g => g.Id, g => plan.Classifications.Count(i => i.GateId == g.Id), StringComparer.Ordinal),
            gates.Select(g => new GateSummary(g.Id, (g.Phase ?? GatePhase.Release).ToString(), g.RequiredControls.Count, g.OptionalControls?.Count ?? 0, g.Requirements?.Count ?? 0,
                g.RequiredRoles, (g.Attestations ?? []).Select(a => new Attestation(a.Role, a.Statement)).ToList())).ToList(),
            plan.Classifications.Select(c => new Item(c.ItemId, c.Line, c.Title, c.ControlId, c.GateId, c.Phase.ToString(), c.PhaseReason, c.Criticality.ToString(),
                c.CriticalityReason, c.Requirement?.ToString(), c.Vendors, c.RequirementReason, c.FromMapping)).ToList(),
            plan.Vendors.Select(v => new Vendor(v.VendorId, v.Name, v.Services)).ToList());
    }

    private static Claim ClaimOf(ChecklistClaim c) => new(c.Line, c.Percent, c.Text, c.Scope?.ToString(), c.Component);

    internal sealed record Rejected(int Line, string Reason);

    internal sealed record SignOff(int Line, string Role, string Status, string? SignedBy, string? Date, string? Attestation);

    internal sealed record Skipped(int Line, string Reason, string Text);

    internal sealed record Claim(int Line, decimal Percent, string Text, string? Scope, string? Component);

    internal sealed record Warning(string Kind, int? Line, string Message);

    internal sealed record GateSummary(string Id, string Phase, int RequiredControls, int OptionalControls, int Requirements, IReadOnlyList<string> RequiredRoles,
        IReadOnlyList<Attestation> Attestations);

    internal sealed record Attestation(string Role, string Statement);

    internal sealed record Item(string Id, int Line, string Title, string Control, string Gate, string Phase, string PhaseReason, string Criticality,
        string CriticalityReason, string? Requirement, IReadOnlyList<string> Vendors, string? RequirementReason, bool FromMapping);

    internal sealed record Vendor(string VendorId, string Name, IReadOnlyList<string> Services);
}
