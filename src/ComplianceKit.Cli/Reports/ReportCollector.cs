using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;

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

    public void Add(LedgerEntry entry)
    {
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
