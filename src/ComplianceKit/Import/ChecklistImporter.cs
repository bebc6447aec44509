using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Approvals;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;

namespace ComplianceKit.Import;

/// <summary>
/// Turns a parsed markdown checklist into a control catalog and a gate, pure: headings become categories, checkbox
/// items (nested ones too) become controls titled by their bold label with their sub-bullets as description, a ticked
/// box becomes self-attested evidence (unsigned, the weakest kind), and sign-off lines become the gate's required
/// approval roles. Declared readiness figures are kept to contrast with the computed one.
/// </summary>
public static class ChecklistImporter
{
    /// <summary>The evidence kind of a ticked box.</summary>
    public const string TickKind = "checklist-tick";

    /// <summary>The approval subject kind of imported gates: approvals name <c>deployment:&lt;gate&gt;</c>.</summary>
    public const string SubjectKind = "deployment";

    /// <summary>Plans the import of <paramref name="document"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid (for example a gate id with spaces).</exception>
    public static ChecklistImportPlan Plan(ChecklistDocument document, ChecklistImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        DomainText.RequireSha256(options.SourceSha256, nameof(options.SourceSha256), required: true);
        DomainText.RequireText(options.ImportedBy, nameof(options.ImportedBy));
        var gateId = options.GateId ?? DefaultGateId(document);
        DomainText.RequireId(gateId, "gate id");
        var source = ChecklistImportSummary.SourceOf(gateId);
        var importId = Hex.Format(SHA256.HashData(Encoding.UTF8.GetBytes($"{options.SourceSha256}|{InstantCodec.ToUnixMicroseconds(options.ImportedAt)}")))[..12];

        var controls = new List<ControlDefinition>(document.Items.Count);
        var evidence = new List<EvidenceStatement>();
        var rejected = new List<RejectedItem>();
        foreach (var item in document.Items)
        {
            if (string.IsNullOrWhiteSpace(item.Title))
            {
                rejected.Add(new RejectedItem(item.Line, "the checkbox has no text"));
                continue;
            }

            var controlId = Fit($"{gateId}/{item.Id}");
            controls.Add(new ControlDefinition
            {
                Id = controlId,
                Title = item.Title,
                Description = item.Details.Count == 0 && item.Text == item.Title ? null : string.Join("\n", new[] { item.Text }.Concat(item.Details)),
                Category = Category(item.SectionPath, document.Title),
                Requirement = ImplementationRequirement.Required,
                Criticality = options.Criticality,
                Source = source,
            });
            if (item.IsChecked)
            {
                evidence.Add(new EvidenceStatement
                {
                    EvidenceId = Fit($"{controlId}@{importId}"),
                    ControlId = controlId,
                    Kind = TickKind,
                    SelfAttested = true,
                    CollectedAt = options.ImportedAt,
                    CollectedBy = options.ImportedBy,
                    Source = source,
                    Note = $"Ticked in {document.SourceName ?? "the checklist"}, line {item.Line}.",
                });
            }
        }

        var roles = document.SignOffs.Select(s => s.Role.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var summary = new ChecklistImportSummary
        {
            GateId = gateId,
            SourceName = document.SourceName,
            SourceSha256 = options.SourceSha256,
            Title = document.Title,
            ItemCount = controls.Count,
            CheckedCount = evidence.Count,
            SignOffRoles = roles,
            SkippedLineCount = document.SkippedLines.Count,
            DeclaredClaims = document.DeclaredClaims.Select(c => new ChecklistClaim(c.Line, c.Percent, c.Text)).ToList(),
        };
        var gate = new GateDefinition
        {
            Id = gateId,
            Title = document.Title ?? gateId,
            Subject = new ApprovalSubject(SubjectKind, gateId),
            RequiredRoles = roles,
            RequiredControls = controls.Select(c => c.Id).ToList(),
        };
        return new ChecklistImportPlan { Document = document, Summary = summary, Controls = controls, Evidence = evidence, Gate = gate, RejectedItems = rejected };
    }

    /// <summary>The gate id an import uses by default: the slug of the title, else of the file name, else <c>checklist</c>.</summary>
    public static string DefaultGateId(ChecklistDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var candidate in new[] { document.Title, Path.GetFileNameWithoutExtension(document.SourceName) })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && ChecklistSlug.Create(candidate) is { Length: > 0 } slug)
            {
                return slug;
            }
        }

        return "checklist";
    }

    // The document's title is the whole checklist, not a section of it.
    private static string? Category(IReadOnlyList<string> path, string? title)
    {
        var sections = path.Count > 0 && path[0] == title ? path.Skip(1).ToList() : path.ToList();
        return sections.Count == 0 ? null : string.Join(" / ", sections);
    }

    // Ids stay within the domain's limit: a long one keeps its start and gets a digest of the whole.
    private static string Fit(string id) =>
        id.Length <= DomainText.MaxIdLength ? id : $"{id[..(DomainText.MaxIdLength - 13)]}~{Hex.Format(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12]}";
}
