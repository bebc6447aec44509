using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Bundles;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;

namespace ComplianceKit.Cli.Reports;

/// <summary>
/// Collects, while the verifier streams the entries, what the report's sections show: per section the
/// latest fact per subject (at most <see cref="MaxSubjects"/> subjects, later ones counted). Memory is
/// bounded whatever the bundle's size. Entries arrive in order on one thread.
/// </summary>
internal sealed class ReportCollector
{
    public const int MaxSubjects = 500;
    private const int MaxSummary = 240;

    private readonly Dictionary<ReportSection, Dictionary<string, ReportFact>> _facts = [];
    private readonly Dictionary<ReportSection, long> _entries = [];
    private readonly Dictionary<ReportSection, long> _unlisted = [];
    private long _size;

    /// <summary>The compliance state of the bundle's chain, projected as entries arrive (memory grows with domain objects, not entries).</summary>
    public ComplianceProjector? Projection { get; private set; }

    /// <summary>The latest recorded-at of the entries collected: the instant the bundle's state is shown at.</summary>
    public NodaTime.Instant? LatestRecordedAt { get; private set; }

    /// <summary>The chain of the entries collected.</summary>
    public string? ChainId { get; private set; }

    /// <summary>The latest definition of each gate, by id.</summary>
    public Dictionary<string, GateDefinition> Gates { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest checklist import of each gate, by gate id.</summary>
    public Dictionary<string, ChecklistImportSummary> Imports { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>approval.signed</c> entries, in order (few: one per signature).</summary>
    public List<LedgerEntry> Approvals { get; } = [];

    /// <summary>Ends the projection of what was collected.</summary>
    public ComplianceSnapshot CompleteProjection() => Projection!.Complete(_size, ReadOnlyMemory<byte>.Empty);

    public void Add(LedgerEntry entry)
    {
        ChainId ??= entry.ChainId;
        Projection ??= new ComplianceProjector(entry.ChainId);
        Projection.Apply(entry);
        _size = Math.Max(_size, entry.Sequence + 1);
        LatestRecordedAt = LatestRecordedAt is { } latest && latest > entry.RecordedAt ? latest : entry.RecordedAt;
        if (entry.EntryType == ComplianceKit.Approvals.ApprovalEntryTypes.ApprovalSigned)
        {
            Approvals.Add(entry);
        }

        try
        {
            if (entry.EntryType == GateDefinition.EntryType && entry.Payload is not null)
            {
                var gate = GateDefinition.FromEntry(entry);
                Gates[gate.Id] = gate;
            }
            else if (entry.EntryType == ChecklistImportSummary.EntryType && entry.Payload is not null)
            {
                var import = ChecklistImportSummary.FromEntry(entry);
                Imports[import.GateId] = import;
            }
        }
        catch (FormatException)
        {
            // A malformed payload is the verifier's finding; the report only leaves it out.
        }

        if (ReportSection.For(entry.EntryType) is not { } section)
        {
            return;
        }

        _entries[section] = _entries.GetValueOrDefault(section) + 1;
        if (!_facts.TryGetValue(section, out var bySubject))
        {
            _facts[section] = bySubject = new Dictionary<string, ReportFact>(StringComparer.Ordinal);
        }

        if (bySubject.Count >= MaxSubjects && !bySubject.ContainsKey(entry.Subject))
        {
            _unlisted[section] = _unlisted.GetValueOrDefault(section) + 1;
            return;
        }

        bySubject[entry.Subject] = new ReportFact(entry.Sequence, entry.EntryType, entry.Subject, entry.Actor,
            BundleInstant.Format(entry.OccurredAt), Summarize(entry.Payload));
    }

    public long EntriesIn(ReportSection section) => _entries.GetValueOrDefault(section);

    public long UnlistedIn(ReportSection section) => _unlisted.GetValueOrDefault(section);

    public IReadOnlyList<ReportFact> FactsIn(ReportSection section) =>
        _facts.TryGetValue(section, out var facts) ? facts.Values.OrderBy(f => f.Subject, StringComparer.Ordinal).ToList() : [];

    /// <summary>The payload's top-level members as <c>name: value</c>, shortened; the bytes stay in the bundle.</summary>
    public static string Summarize(byte[]? payload)
    {
        if (payload is null)
        {
            return "(payload purged)";
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Shorten(document.RootElement.GetRawText());
            }

            var text = new StringBuilder();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                text.Append(member.Name).Append(": ").Append(member.Value.ValueKind switch
                {
                    JsonValueKind.String => member.Value.GetString(),
                    JsonValueKind.Array => string.Create(CultureInfo.InvariantCulture, $"[{member.Value.GetArrayLength()} items]"),
                    JsonValueKind.Object => "{...}",
                    _ => member.Value.GetRawText(),
                });
                if (text.Length > MaxSummary)
                {
                    break;
                }
            }

            return Shorten(text.ToString());
        }
        catch (JsonException)
        {
            return "(payload is not JSON)";
        }
    }

    private static string Shorten(string text) => text.Length <= MaxSummary ? text : text[..MaxSummary] + "...";
}
