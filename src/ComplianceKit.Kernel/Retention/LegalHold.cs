using System.Text.RegularExpressions;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// A legal hold: while it is active, nothing it covers is purged. It covers the entries of its
/// chain that match every filter it sets; a hold with no filters covers the whole chain.
/// </summary>
/// <remarks>
/// <see cref="Subject"/> is an exact subject or a prefix ending in <c>*</c> (<c>vendor:*</c>);
/// <see cref="EntryType"/> is an entry-type pattern (<c>baa.executed</c>, <c>baa.*</c>, <c>*</c>). The time
/// range is half-open, [<see cref="From"/>, <see cref="Until"/>), and an entry is inside it when its
/// occurred-at <em>or</em> its recorded-at is, so a backdated entry does not slip out. Immutable.
/// </remarks>
public sealed partial class LegalHold
{
    /// <summary>Creates a hold definition.</summary>
    /// <param name="id">1 to 64 of <c>a-z 0-9 . _ : -</c>; released by this id.</param>
    /// <param name="reason">Why, for example the matter or the request that requires it.</param>
    /// <param name="subject">Only entries about this subject (or with this prefix, ending in <c>*</c>).</param>
    /// <param name="entryType">Only entries of this type pattern.</param>
    /// <param name="from">Only entries at or after this instant.</param>
    /// <param name="until">Only entries before this instant.</param>
    /// <exception cref="ArgumentException">A field is malformed.</exception>
    public LegalHold(string id, string reason, string? subject = null, string? entryType = null, Instant? from = null, Instant? until = null)
    {
        if (string.IsNullOrEmpty(id) || id.Length > RetentionPolicy.MaxIdLength || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Hold id '{id}' is invalid: use 1 to {RetentionPolicy.MaxIdLength} of a-z, 0-9, '.', '_', ':' and '-', starting with a letter or digit.", nameof(id));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException($"Hold '{id}' needs a reason.", nameof(reason));
        }

        if (subject is not null && (subject.Length == 0 || subject.AsSpan(0, subject.Length - 1).Contains('*')))
        {
            throw new ArgumentException($"Hold '{id}': subject '{subject}' may only end with '*'.", nameof(subject));
        }

        if (entryType is not null && !EntryTypePattern.IsValid(entryType))
        {
            throw new ArgumentException($"Hold '{id}': '{entryType}' is not an entry type, a prefix such as 'baa.*', or '*'.", nameof(entryType));
        }

        if (from is { } f && until is { } u && u <= f)
        {
            throw new ArgumentException($"Hold '{id}': until ({u}) must be after from ({f}).", nameof(until));
        }

        Id = id;
        Reason = reason;
        Subject = subject;
        EntryType = entryType;
        From = from;
        Until = until;
    }

    /// <summary>The hold's id.</summary>
    public string Id { get; }

    /// <summary>Why the hold exists.</summary>
    public string Reason { get; }

    /// <summary>The subject (or prefix ending in <c>*</c>) it is limited to, if any.</summary>
    public string? Subject { get; }

    /// <summary>The entry-type pattern it is limited to, if any.</summary>
    public string? EntryType { get; }

    /// <summary>The start of the time range it is limited to, inclusive, if any.</summary>
    public Instant? From { get; }

    /// <summary>The end of the time range it is limited to, exclusive, if any.</summary>
    public Instant? Until { get; }

    /// <summary>Whether the hold covers an entry with these header fields.</summary>
    public bool Covers(string entryType, string subject, Instant occurredAt, Instant recordedAt)
    {
        ArgumentNullException.ThrowIfNull(entryType);
        ArgumentNullException.ThrowIfNull(subject);
        if (EntryType is not null && EntryTypePattern.Match(EntryType, entryType) < 0)
        {
            return false;
        }

        if (Subject is not null && !(Subject.EndsWith('*')
                ? subject.StartsWith(Subject[..^1], StringComparison.Ordinal)
                : string.Equals(Subject, subject, StringComparison.Ordinal)))
        {
            return false;
        }

        return InRange(occurredAt) || InRange(recordedAt);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var scope = new List<string>();
        if (Subject is not null)
        {
            scope.Add($"subject {Subject}");
        }

        if (EntryType is not null)
        {
            scope.Add($"type {EntryType}");
        }

        if (From is not null || Until is not null)
        {
            scope.Add($"time [{From?.ToString() ?? "-"}, {Until?.ToString() ?? "-"})");
        }

        return $"{Id} ({(scope.Count == 0 ? "whole chain" : string.Join(", ", scope))})";
    }

    private bool InRange(Instant instant) => (From is not { } f || instant >= f) && (Until is not { } u || instant < u);

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
