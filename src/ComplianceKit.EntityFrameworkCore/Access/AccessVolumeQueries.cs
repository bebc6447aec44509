using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Access;

/// <summary>Volume statistics over access entries, computed by the database (one grouped query, never the entries themselves).</summary>
public static class AccessVolumeQueries
{
    /// <summary>
    /// Users who caused at least <paramref name="minimumPerHour"/> access events in one clock hour (UTC)
    /// between <paramref name="from"/> and <paramref name="to"/>: the "unusual volume" a privacy officer
    /// looks at first. Busiest hours first.
    /// </summary>
    /// <param name="context">The host's context.</param>
    /// <param name="chainId">The access chain.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <param name="minimumPerHour">The count from which an hour is reported.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentException">The window ends before it starts.</exception>
    public static Task<IReadOnlyList<HourlyAccessVolume>> FindUnusualAccessVolumeAsync(this DbContext context, string chainId,
        Instant from, Instant to, long minimumPerHour, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Set<LedgerEntry>().AsNoTracking()
            .ApplySpecification(new AccessEventsBetweenSpec(chainId, from, to))
            .CountPerUserHourAsync(minimumPerHour, cancellationToken);
    }

    /// <summary>
    /// Counts <paramref name="entries"/> per actor and clock hour (UTC) of occurred-at, keeping the
    /// groups with at least <paramref name="minimumCount"/> entries, busiest first. Compose it after any
    /// filter, for example a specification of exports only. Occurred-at instants must be after 1970.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumCount"/> is below 1.</exception>
    public static async Task<IReadOnlyList<HourlyAccessVolume>> CountPerUserHourAsync(this IQueryable<LedgerEntry> entries,
        long minimumCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        var rows = await entries
            .Select(e => new { e.Actor, Hour = LedgerDbFunctions.UnixHour(EF.Property<long>(e, nameof(LedgerEntry.OccurredAt))) })
            .GroupBy(e => new { e.Actor, e.Hour })
            .Select(g => new { g.Key.Actor, g.Key.Hour, Count = g.LongCount() })
            .Where(g => g.Count >= minimumCount)
            .OrderByDescending(g => g.Count).ThenBy(g => g.Hour).ThenBy(g => g.Actor)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new HourlyAccessVolume(r.Actor, EntryEncoding.FromUnixMicroseconds(r.Hour * LedgerDbFunctions.MicrosecondsPerHour), r.Count))];
    }
}
