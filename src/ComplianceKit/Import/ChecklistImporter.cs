using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Administration;
using ComplianceKit.Domain;
using ComplianceKit.Approvals;
using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;

namespace ComplianceKit.Import;

/// <summary>
/// Turns a parsed markdown checklist into a control catalog and gates, pure: headings become categories, checkbox items
/// (nested ones too) become controls titled by their bold label with their sub-bullets as description, a ticked box becomes
/// self-attested evidence (unsigned, the weakest kind), and sign-off lines become required approval roles. Each item is
/// classified (criticality from its headings, labels and tags; release or post-deployment phase) and, when it names the
/// programme's own records (BAAs with named vendors, workforce training, the PHI access trail), bound to them. Release items
/// go to the release gate, post-deployment items to a second gate; optional items never block. A
/// <see cref="ChecklistMapping"/> overrides any of it per item. Declared readiness figures are kept to contrast with the computed one.
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
        var importId = Hex.Format(SHA256.HashData(Encoding.UTF8.GetBytes($"{options.SourceSha256}|{EntryEncoding.ToUnixMicroseconds(options.ImportedAt)}")))[..12];

        var postGateId = Fit($"{gateId}-post-deployment");
        var classifications = ClassifyAll(document, options.Mapping, options.Criticality, gateId, postGateId);
        var controls = new List<ControlDefinition>(document.Items.Count);
        var evidence = new List<EvidenceStatement>();
        var rejected = new List<RejectedItem>();
        var classified = new List<ChecklistItemClassification>(document.Items.Count);
        foreach (var item in document.Items)
        {
            if (string.IsNullOrWhiteSpace(item.Title))
            {
                rejected.Add(new RejectedItem(item.Line, "the checkbox has no text"));
                continue;
            }

            var classification = classifications[item.Id];
            classified.Add(classification);
            var controlId = classification.ControlId;
            controls.Add(new ControlDefinition
            {
                Id = controlId,
                Title = item.Title,
                Description = item.Details.Count == 0 && item.Text == item.Title ? null : string.Join("\n", new[] { item.Text }.Concat(item.Details)),
                Category = Category(item.SectionPath, document.Title),
                Requirement = ImplementationRequirement.Required,
                Criticality = classification.Criticality,
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

        var signOffs = document.SignOffs.Where(s => s.Role.Trim().Length > 0).ToList();
        var postSignOffs = signOffs.Where(s => SignOffPhase(s) == GatePhase.PostDeployment).ToList();
        var releaseSignOffs = signOffs.Except(postSignOffs).ToList();
        var gate = Gate(gateId, document.Title ?? gateId, GatePhase.Release, null, classified.Where(c => c.Phase == GatePhase.Release).ToList(), releaseSignOffs);
        var postGate = classified.Any(c => c.Phase == GatePhase.PostDeployment) || postSignOffs.Count > 0
            ? Gate(postGateId, $"{document.Title ?? gateId} (post-deployment)", GatePhase.PostDeployment, gateId,
                classified.Where(c => c.Phase == GatePhase.PostDeployment).ToList(), postSignOffs)
            : null;
        var vendors = Vendors(document, classified, options.ExistingVendorIds);
        var summary = new ChecklistImportSummary
        {
            GateId = gateId,
            SourceName = document.SourceName,
            SourceSha256 = options.SourceSha256,
            Title = document.Title,
            ItemCount = controls.Count,
            CheckedCount = evidence.Count,
            SignOffRoles = gate.RequiredRoles.Concat(postGate?.RequiredRoles ?? []).Distinct(StringComparer.Ordinal).ToList(),
            SkippedLineCount = document.SkippedLines.Count,
            DeclaredClaims = document.DeclaredClaims.Select(ChecklistClaim.From).ToList(),
            HeadlineClaim = document.HeadlineClaim is { } headline ? ChecklistClaim.From(headline) : null,
            PostDeploymentGateId = postGate?.Id,
            MappingSha256 = options.MappingSha256,
        };
        return new ChecklistImportPlan
        {
            Document = document, Summary = summary, Controls = controls, Evidence = evidence, Gate = gate, PostDeploymentGate = postGate,
            Classifications = classified, Vendors = vendors, RejectedItems = rejected,
        };
    }

    /// <summary>The vendor id a name in a checklist becomes: its slug.</summary>
    public static string VendorIdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = ChecklistSlug.Create(name);
        return slug.Length == 0 ? "vendor" : slug;
    }

    private static GateDefinition Gate(string id, string title, GatePhase phase, string? releaseGate, List<ChecklistItemClassification> items, List<ChecklistSignOff> signOffs)
    {
        var roles = signOffs.Select(s => s.Role.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var requirements = items.Where(c => c.Requirement is not null)
            .Select(c => new GateRequirement { Control = c.ControlId, Kind = c.Requirement!.Value, Vendors = c.Requirement == GateRequirementKind.BaaInForce ? c.Vendors : null })
            .ToList();
        var attestations = signOffs.Where(s => s.Attestation is not null).GroupBy(s => s.Role.Trim(), StringComparer.Ordinal)
            .Select(g => new RoleAttestation { Role = g.Key, Statement = string.Join("; ", g.Select(s => s.Attestation!).Distinct(StringComparer.Ordinal)) })
            .ToList();
        var optional = items.Where(c => c.Criticality == ControlCriticality.Optional).Select(c => c.ControlId).ToList();
        return new GateDefinition
        {
            Id = id,
            Title = title,
            Subject = new ApprovalSubject(SubjectKind, id),
            RequiredRoles = roles,
            RequiredControls = items.Where(c => c.Criticality != ControlCriticality.Optional).Select(c => c.ControlId).ToList(),
            Phase = phase,
            ReleaseGate = releaseGate,
            OptionalControls = optional.Count == 0 ? null : optional,
            Requirements = requirements.Count == 0 ? null : requirements,
            Attestations = attestations.Count == 0 ? null : attestations,
        };
    }

    private static Dictionary<string, ChecklistItemClassification> ClassifyAll(ChecklistDocument document, ChecklistMapping? mapping, ControlCriticality fallback, string gateId, string postGateId)
    {
        var overrides = (mapping?.Items ?? []).ToDictionary(o => o.Item, StringComparer.Ordinal);
        var unknown = overrides.Keys.Where(k => document.Items.All(i => i.Id != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The mapping names item(s) the checklist does not have: {string.Join(", ", unknown)}.", nameof(mapping));
        }

        var children = document.Items.Where(i => i.ParentId is not null).ToLookup(i => i.ParentId!, StringComparer.Ordinal);
        var result = new Dictionary<string, ChecklistItemClassification>(StringComparer.Ordinal);
        foreach (var item in document.Items)
        {
            var parent = item.ParentId is null ? null : result.GetValueOrDefault(item.ParentId);
            var (criticality, criticalityWhy) = Criticality(item, parent, fallback);
            var (phase, phaseWhy) = Phase(item, parent);
            var binding = ChecklistBindingReader.Read(item, children[item.Id].ToList());
            GateRequirementKind? requirement = binding?.Kind;
            var vendors = binding?.Vendors.Where(v => v.Unnamed is null).Select(v => v.Name).ToList() ?? [];
            string? requirementWhy = binding is { } b ? Describe(b.Kind, b.Vendors) : null;
            if (requirement is null && parent is { Requirement: GateRequirementKind.BaaInForce })
            {
                // A vendor nested under "BAAs signed with:" is that vendor's agreement.
                var vendor = ChecklistBindingReader.VendorOf(ChecklistWording.Plain(item.Text));
                requirement = vendor.Unnamed is null ? GateRequirementKind.BaaInForce : null;
                vendors = vendor.Unnamed is null ? [vendor.Name] : [];
                requirementWhy = vendor.Unnamed is null ? $"BAA with {vendor.Name}, listed under the parent item" : $"not bound: {vendor.Unnamed}";
                if (vendor.Unnamed is not null && criticality != ControlCriticality.Optional)
                {
                    (criticality, criticalityWhy) = (ControlCriticality.Optional, $"conditional vendor ({vendor.Unnamed})");
                }
            }

            var fromMapping = overrides.TryGetValue(item.Id, out var change);
            if (change is not null)
            {
                (criticality, criticalityWhy) = change.Criticality is { } c ? (c, "mapping file") : (criticality, criticalityWhy);
                (phase, phaseWhy) = change.Phase is { } p ? (p, "mapping file") : (phase, phaseWhy);
                if (change.Requirement is not null)
                {
                    requirement = ParseRequirement(change.Requirement, item.Id);
                    requirementWhy = "mapping file";
                }

                vendors = change.Vendors?.ToList() ?? vendors;
                if (requirement == GateRequirementKind.BaaInForce && vendors.Count == 0)
                {
                    throw new ArgumentException($"The mapping binds item '{item.Id}' to baaInForce without naming its vendors.", nameof(mapping));
                }
            }

            result[item.Id] = new ChecklistItemClassification
            {
                ItemId = item.Id,
                ControlId = Fit($"{gateId}/{item.Id}"),
                Line = item.Line,
                Title = item.Title,
                Criticality = criticality,
                CriticalityReason = criticalityWhy,
                Phase = phase,
                PhaseReason = phaseWhy,
                GateId = phase == GatePhase.PostDeployment ? postGateId : gateId,
                Requirement = requirement,
                Vendors = requirement == GateRequirementKind.BaaInForce ? vendors.Select(VendorIdOf).Distinct(StringComparer.Ordinal).ToList() : [],
                RequirementReason = requirementWhy,
                FromMapping = fromMapping,
            };
        }

        return result;
    }

    private static (ControlCriticality, string) Criticality(ChecklistItem item, ChecklistItemClassification? parent, ControlCriticality fallback)
    {
        if (item.PriorityMarker is { } marker && ChecklistClassifier.CriticalityOfMarker(marker) is { } marked)
        {
            return (marked.Criticality, $"marker '{marker}' in the item says '{marked.Phrase}'");
        }

        if (ChecklistClassifier.NotApplicable(item) is { } notApplicable)
        {
            return (ControlCriticality.Optional, notApplicable);
        }

        foreach (var tag in ChecklistWording.Tags(item.Text))
        {
            if (ChecklistClassifier.CriticalityOf(tag) is { } tagged)
            {
                return (tagged.Criticality, $"tag '({tag.Trim()})' in the item says '{tagged.Phrase}'");
            }
        }

        if (parent is not null)
        {
            return (parent.Criticality, "as its parent item");
        }

        foreach (var (text, what) in Context(item))
        {
            if (ChecklistClassifier.CriticalityOf(text) is { } stated)
            {
                return (stated.Criticality, $"{what} '{text}' says '{stated.Phrase}'");
            }
        }

        return (fallback, "default: no heading, label or tag states criticality");
    }

    private static (GatePhase, string) Phase(ChecklistItem item, ChecklistItemClassification? parent)
    {
        var title = ChecklistWording.Plain(item.Title);
        var tags = ChecklistWording.Tags(item.Text);
        foreach (var tag in tags)
        {
            if (ChecklistClassifier.PhaseOf(tag) is { } tagged)
            {
                return (tagged.Phase, $"tag '({tag.Trim()})' in the item: {tagged.Why}");
            }
        }

        // A bold title that names a phase ("**Post-Deployment**", "**During Deployment**") places the item and what is nested in it.
        if (item.Title != item.Text && ChecklistClassifier.LeadingPhaseOf(title) is { } titled)
        {
            return (titled.Phase, $"item title '{title}': {titled.Why}");
        }

        if (parent is not null)
        {
            return (parent.Phase, "as its parent item");
        }

        foreach (var (text, what) in Context(item))
        {
            if (ChecklistClassifier.PhaseOf(text) is { } stated)
            {
                return (stated.Phase, $"{what} '{text}': {stated.Why}");
            }
        }

        return (GatePhase.Release, "default: nothing places it after deployment");
    }

    private static GatePhase SignOffPhase(ChecklistSignOff signOff)
    {
        var context = (signOff.Label is null ? [] : new[] { signOff.Label }).Concat(signOff.SectionPath.Reverse());
        foreach (var text in context)
        {
            if (ChecklistClassifier.PhaseOf(text) is { } stated)
            {
                return stated.Phase;
            }
        }

        return GatePhase.Release;
    }

    // The item's label line, then its headings from the innermost out.
    private static IEnumerable<(string Text, string What)> Context(ChecklistItem item)
    {
        if (item.Label is not null)
        {
            yield return (item.Label, "label");
        }

        for (var i = item.SectionPath.Count - 1; i >= 0; i--)
        {
            yield return (item.SectionPath[i], "heading");
        }
    }

    private static string Describe(GateRequirementKind kind, IReadOnlyList<VendorName> vendors) => kind switch
    {
        GateRequirementKind.BaaInForce => $"BAA in force with {string.Join(", ", vendors.Select(v => v.Unnamed is null ? v.Name : $"{v.Name} ({v.Unnamed})"))}",
        GateRequirementKind.TrainingCurrent => "workforce training component",
        _ => "PHI access trail",
    };

    private static GateRequirementKind? ParseRequirement(string text, string item) => text switch
    {
        "none" => null,
        "baaInForce" => GateRequirementKind.BaaInForce,
        "trainingCurrent" => GateRequirementKind.TrainingCurrent,
        "accessTrail" => GateRequirementKind.AccessTrail,
        _ => throw new ArgumentException($"The mapping gives item '{item}' requirement '{text}'; use none, baaInForce, trainingCurrent or accessTrail.", nameof(text)),
    };

    private static List<VendorRegistration> Vendors(ChecklistDocument document, List<ChecklistItemClassification> items, IReadOnlySet<string> existing)
    {
        var names = new Dictionary<string, VendorName>(StringComparer.Ordinal);
        foreach (var item in document.Items)
        {
            foreach (var vendor in NamedVendors(item, document))
            {
                names.TryAdd(VendorIdOf(vendor.Name), vendor);
            }
        }

        return items.SelectMany(c => c.Vendors).Distinct(StringComparer.Ordinal).Where(id => !existing.Contains(id))
            .Select(id => new VendorRegistration
            {
                VendorId = id,
                Name = names.TryGetValue(id, out var n) ? n.Name : id,
                Services = names.TryGetValue(id, out var s) && s.Service is not null ? [s.Service] : [],
                HandlesPhi = true,
            })
            .ToList();
    }

    private static IEnumerable<VendorName> NamedVendors(ChecklistItem item, ChecklistDocument document)
    {
        var children = document.Items.Where(i => i.ParentId == item.Id).ToList();
        return ChecklistBindingReader.Read(item, children) is { Kind: GateRequirementKind.BaaInForce } binding
            ? binding.Vendors.Where(v => v.Unnamed is null)
            : [];
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
