using ComplianceKit.Controls;
using NodaTime;

namespace ComplianceKit.Import;

/// <summary>How to import one checklist.</summary>
public sealed record ChecklistImportOptions
{
    /// <summary>The gate's id; when null, the slug of the checklist's title, else of its file name.</summary>
    public string? GateId { get; init; }

    /// <summary>SHA-256 of the checklist file's bytes, lower-case hex.</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>When the import happens (from the host's clock): the collected-at of the self-attested evidence.</summary>
    public required Instant ImportedAt { get; init; }

    /// <summary>Who imports (a person or tool id): the collector of the self-attested evidence.</summary>
    public required string ImportedBy { get; init; }

    /// <summary>The criticality of items whose headings, labels and tags state none (default important: an unticked box blocks the gate).</summary>
    public ControlCriticality Criticality { get; init; } = ControlCriticality.Important;

    /// <summary>Overrides of the classification and bindings of single items, or <see langword="null"/>.</summary>
    public ChecklistMapping? Mapping { get; init; }

    /// <summary>SHA-256 of the mapping file's bytes, lower-case hex, recorded in the summary; <see langword="null"/> without a mapping.</summary>
    public string? MappingSha256 { get; init; }

    /// <summary>Vendors already registered in the chain: a checklist binding to them does not register them again (their details stay).</summary>
    public IReadOnlySet<string> ExistingVendorIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
