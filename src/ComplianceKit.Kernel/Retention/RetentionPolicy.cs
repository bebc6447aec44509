using System.Text.RegularExpressions;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// How long entries of some types are kept before their payloads may be purged: a period counted
/// from a basis, in the organisation's time zone. Recorded in the chain as a
/// <see cref="RetentionEntryTypes.PolicySet"/> entry, so a purge names a definition the chain holds.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="EntryTypes"/> holds patterns: an exact type (<c>baa.executed</c>), a prefix
/// (<c>baa.*</c>) or <c>*</c>. When several active policies match an entry, the most specific pattern
/// wins (exact, then the longest prefix, then <c>*</c>); among equally specific ones the entry is kept
/// until the latest of their expiries. Reserved types (<see cref="RetentionEntryTypes.IsReserved"/>) are never purged.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed partial class RetentionPolicy
{
    /// <summary>The longest policy id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Creates a policy and checks its shape (not yet the regulatory minimum, which depends on configuration).</summary>
    /// <param name="id">1 to 64 of <c>a-z 0-9 . _ : -</c>, starting with a letter or digit; a later definition with the same id replaces this one.</param>
    /// <param name="entryTypes">The entry-type patterns the policy covers; at least one.</param>
    /// <param name="period">How long to keep: positive, whole days (years, months, weeks, days).</param>
    /// <param name="basis">What the period is counted from.</param>
    /// <param name="category">The regulatory category (for example <c>documentation</c>) whose minimum the period must meet.</param>
    /// <param name="timeZone">The organisation's time zone, in which dates are counted.</param>
    /// <param name="endedBy">For <see cref="RetentionBasis.LastEffective"/>: the entry-type patterns that end a subject's effect (for example <c>baa.terminated</c>); required for that basis, empty otherwise.</param>
    /// <exception cref="ArgumentException">A field is malformed; the message names it.</exception>
    public RetentionPolicy(string id, IEnumerable<string> entryTypes, Period period, RetentionBasis basis, string category,
        DateTimeZone timeZone, IEnumerable<string>? endedBy = null)
    {
        ArgumentNullException.ThrowIfNull(entryTypes);
        ArgumentNullException.ThrowIfNull(timeZone);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Policy id '{id}' is invalid: use 1 to {MaxIdLength} of a-z, 0-9, '.', '_', ':' and '-', starting with a letter or digit.", nameof(id));
        }

        var types = entryTypes.ToArray();
        if (types.Length == 0)
        {
            throw new ArgumentException($"Policy '{id}' covers no entry types.", nameof(entryTypes));
        }

        foreach (var pattern in types)
        {
            if (!EntryTypePattern.IsValid(pattern))
            {
                throw new ArgumentException($"Policy '{id}': '{pattern}' is not an entry type, a prefix such as 'baa.*', or '*'.", nameof(entryTypes));
            }
        }

        var ends = endedBy?.ToArray() ?? [];
        foreach (var pattern in ends)
        {
            if (!EntryTypePattern.IsValid(pattern))
            {
                throw new ArgumentException($"Policy '{id}': ending type '{pattern}' is not an entry type, a prefix such as 'baa.*', or '*'.", nameof(endedBy));
            }
        }

        if (!Enum.IsDefined(basis))
        {
            throw new ArgumentException($"Policy '{id}': basis {(int)basis} is not defined.", nameof(basis));
        }

        if (basis == RetentionBasis.LastEffective && ends.Length == 0)
        {
            throw new ArgumentException($"Policy '{id}' counts from the last-effective date, so it must name the entry types that end a subject's effect (endedBy).", nameof(endedBy));
        }

        if (basis == RetentionBasis.RecordedAt && ends.Length > 0)
        {
            throw new ArgumentException($"Policy '{id}' counts from recorded-at; endedBy applies only to the last-effective basis.", nameof(endedBy));
        }

        if (string.IsNullOrEmpty(category) || category.Length > MaxIdLength || !IdPattern().IsMatch(category))
        {
            throw new ArgumentException($"Policy '{id}': category '{category}' is invalid: use 1 to {MaxIdLength} of a-z, 0-9, '.', '_', ':' and '-'.", nameof(category));
        }

        RetentionCalendar.EnsureValid(period, nameof(period));
        Id = id;
        EntryTypes = types;
        Period = period;
        Basis = basis;
        Category = category;
        TimeZone = timeZone;
        EndedBy = ends;
    }

    /// <summary>The policy's id, named by purge entries.</summary>
    public string Id { get; }

    /// <summary>The entry-type patterns the policy covers.</summary>
    public IReadOnlyList<string> EntryTypes { get; }

    /// <summary>How long entries are kept, counted from <see cref="Basis"/>.</summary>
    public Period Period { get; }

    /// <summary>What the period is counted from.</summary>
    public RetentionBasis Basis { get; }

    /// <summary>The regulatory category, whose configured minimum the period must meet unless an override is recorded.</summary>
    public string Category { get; }

    /// <summary>The organisation's time zone, in which the basis date and the expiry are counted.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>For <see cref="RetentionBasis.LastEffective"/>: the entry-type patterns that end a subject's effect.</summary>
    public IReadOnlyList<string> EndedBy { get; }

    /// <summary>How specifically this policy covers <paramref name="entryType"/>, or -1 when it does not (reserved types are never covered).</summary>
    public int Covers(string entryType)
    {
        ArgumentNullException.ThrowIfNull(entryType);
        return RetentionEntryTypes.IsReserved(entryType) ? -1 : EntryTypePattern.BestMatch(EntryTypes, entryType);
    }

    /// <summary>Whether an entry of <paramref name="entryType"/> ends the effect of its subject under this policy.</summary>
    public bool IsEnding(string entryType)
    {
        ArgumentNullException.ThrowIfNull(entryType);
        return !RetentionEntryTypes.IsReserved(entryType) && EntryTypePattern.BestMatch(EndedBy, entryType) >= 0;
    }

    /// <summary>Whether an entry of <paramref name="entryType"/> belongs to a subject's group for the last-effective basis: covered or ending.</summary>
    public bool IsInGroup(string entryType) => Covers(entryType) >= 0 || IsEnding(entryType);

    /// <summary>The instant from which an entry whose basis is <paramref name="basis"/> may be purged (<see cref="RetentionCalendar.ExpiresAt"/>).</summary>
    public Instant ExpiresAt(Instant basis) => RetentionCalendar.ExpiresAt(basis, Period, TimeZone);

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({string.Join(", ", EntryTypes)}: {Period} from {Basis}, {Category}, {TimeZone.Id})";

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
