using ComplianceKit.Domain;
using ComplianceKit.Ledger;

namespace ComplianceKit.Import;

/// <summary>
/// What one import of a markdown checklist brought in: the payload of a <c>checklist.imported</c> entry (subject
/// <c>gate:&lt;id&gt;</c>), appended before the import's control, evidence and gate entries. It starts a new generation:
/// controls and self-attested evidence of earlier imports of the same gate are retired and withdrawn, and the entries
/// after it define them again as the checklist now stands.
/// </summary>
public sealed record ChecklistImportSummary
{
    /// <summary>The ledger entry type.</summary>
    public const string EntryType = "checklist.imported";

    /// <summary>The gate the checklist defines.</summary>
    public required string GateId { get; init; }

    /// <summary>The file name the checklist came from.</summary>
    public string? SourceName { get; init; }

    /// <summary>SHA-256 of the checklist file's bytes, lower-case hex.</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>The checklist's title (its first level-1 heading).</summary>
    public string? Title { get; init; }

    /// <summary>Checkbox items imported as controls.</summary>
    public required int ItemCount { get; init; }

    /// <summary>Items ticked, imported as self-attested evidence.</summary>
    public required int CheckedCount { get; init; }

    /// <summary>Sign-off roles, which the gate requires as signed approvals.</summary>
    public IReadOnlyList<string> SignOffRoles { get; init; } = [];

    /// <summary>Non-blank lines not imported.</summary>
    public required int SkippedLineCount { get; init; }

    /// <summary>Readiness figures the checklist declared in its text.</summary>
    public IReadOnlyList<ChecklistClaim> DeclaredClaims { get; init; } = [];

    /// <summary>The document's headline claim (an overall figure, over any component's); <see langword="null"/> (omitted) when it declares none.</summary>
    public ChecklistClaim? HeadlineClaim { get; init; }

    /// <summary>The post-deployment gate the import also defined, or <see langword="null"/> (omitted) when every item belongs to the release.</summary>
    public string? PostDeploymentGateId { get; init; }

    /// <summary>SHA-256 of the mapping file that overrode the reading, or <see langword="null"/> (omitted) without one.</summary>
    public string? MappingSha256 { get; init; }

    /// <summary>The <c>source</c> the import's controls and evidence carry: <c>checklist:&lt;gate&gt;</c>.</summary>
    public static string SourceOf(string gateId) => $"checklist:{gateId}";

    /// <summary>The draft that records the summary.</summary>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(GateId, nameof(GateId));
        DomainText.RequireSha256(SourceSha256, nameof(SourceSha256), required: true);
        return new EntryDraft(EntryType, $"gate:{GateId}", actor, PayloadCodec.Encode(this));
    }

    /// <summary>Reads a <c>checklist.imported</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static ChecklistImportSummary FromEntry(LedgerEntry entry) => PayloadCodec.Decode<ChecklistImportSummary>(entry);
}
