using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// Which entries a bundle holds. A full scope holds the whole chain up to the checkpoint, which the
/// verifier checks from genesis; a selective scope holds the entries whose recorded-at lies in
/// [<see cref="From"/>, <see cref="To"/>) and whose type and subject are among those listed (an empty list
/// means any), each with an inclusion proof, plus the retention purge entries that account for any of
/// their purged payloads. Immutable.
/// </summary>
public sealed class BundleScope
{
    /// <summary>Creates a scope; with no arguments, the full scope.</summary>
    /// <param name="from">Only entries recorded at or after this instant (truncated to microseconds).</param>
    /// <param name="to">Only entries recorded before this instant (truncated to microseconds).</param>
    /// <param name="entryTypes">Only entries of these types.</param>
    /// <param name="subjects">Only entries about these subjects.</param>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>, or a type or subject is empty.</exception>
    public BundleScope(Instant? from = null, Instant? to = null, IEnumerable<string>? entryTypes = null, IEnumerable<string>? subjects = null)
    {
        From = from is { } f ? InstantCodec.TruncateToMicroseconds(f) : null;
        To = to is { } t ? InstantCodec.TruncateToMicroseconds(t) : null;
        if (From is { } a && To is { } b && b <= a)
        {
            throw new ArgumentException($"The end of the time range ({b}) must be after its start ({a}).", nameof(to));
        }

        EntryTypes = Distinct(entryTypes, nameof(entryTypes));
        Subjects = Distinct(subjects, nameof(subjects));
    }

    /// <summary>The whole chain.</summary>
    public static BundleScope Full { get; } = new();

    /// <summary>The start of the recorded-at range, inclusive, if any.</summary>
    public Instant? From { get; }

    /// <summary>The end of the recorded-at range, exclusive, if any.</summary>
    public Instant? To { get; }

    /// <summary>The entry types included, sorted by ordinal; empty for any type.</summary>
    public IReadOnlyList<string> EntryTypes { get; }

    /// <summary>The subjects included, sorted by ordinal; empty for any subject.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>Whether the scope is the whole chain.</summary>
    public bool IsFull => From is null && To is null && EntryTypes.Count == 0 && Subjects.Count == 0;

    /// <summary>Whether <paramref name="entry"/> matches every filter of the scope.</summary>
    public bool Includes(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (From is not { } from || entry.RecordedAt >= from)
            && (To is not { } to || entry.RecordedAt < to)
            && (EntryTypes.Count == 0 || Contains(EntryTypes, entry.EntryType))
            && (Subjects.Count == 0 || Contains(Subjects, entry.Subject));
    }

    /// <summary>A one-line description, for example <c>types baa.executed; recorded from 2026-01-01T00:00:00Z</c>.</summary>
    public override string ToString()
    {
        if (IsFull)
        {
            return "the whole chain";
        }

        var parts = new List<string>();
        if (From is { } from)
        {
            parts.Add($"recorded from {BundleInstant.Format(from)}");
        }

        if (To is { } to)
        {
            parts.Add($"recorded before {BundleInstant.Format(to)}");
        }

        if (EntryTypes.Count > 0)
        {
            parts.Add($"types {string.Join(", ", EntryTypes)}");
        }

        if (Subjects.Count > 0)
        {
            parts.Add($"subjects {string.Join(", ", Subjects)}");
        }

        return string.Join("; ", parts);
    }

    private static bool Contains(IReadOnlyList<string> sorted, string value)
    {
        // Lists are short and sorted; a binary search keeps a long subject list cheap per entry.
        var low = 0;
        var high = sorted.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = string.CompareOrdinal(sorted[middle], value);
            if (comparison == 0)
            {
                return true;
            }

            if (comparison < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private static string[] Distinct(IEnumerable<string>? values, string parameterName)
    {
        var list = (values ?? []).ToArray();
        if (list.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A filter value is empty.", parameterName);
        }

        return list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
