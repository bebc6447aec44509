using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// Retention arithmetic on calendar dates in the organisation's time zone, so that leap days, month
/// ends and daylight-saving changes never shorten a retention period. Pure and thread-safe.
/// </summary>
/// <remarks>
/// A period is counted from the <em>local date</em> of its basis instant in the policy's zone. Years and
/// months are added together as months; when the resulting month is too short for the day (29 February
/// plus six years, 31 January plus one month), the date moves forward to the first day of the next
/// month, never back, so a retention is never shorter than its period. Weeks and days are added after.
/// An entry expires at the start of that day in the zone (<see cref="DateTimeZone.AtStartOfDay"/>, so
/// a day that begins at 01:00 because of daylight saving starts at 01:00).
/// </remarks>
public static class RetentionCalendar
{
    // Start dates that compare two periods: spans with the most leap days (1996-2000, across a 400-year
    // leap year) and with the fewest (2096-2100, across a century year that is not a leap year).
    private static readonly (LocalDate Start, LocalDate End)[] ComparisonWindows =
    [
        (new LocalDate(1996, 1, 1), new LocalDate(2000, 12, 31)),
        (new LocalDate(2096, 1, 1), new LocalDate(2100, 12, 31)),
    ];

    /// <summary>The first local date on which an entry whose basis falls on <paramref name="basisDate"/> is past <paramref name="period"/>.</summary>
    /// <exception cref="ArgumentException">The period is not a positive, date-only period.</exception>
    public static LocalDate ExpiresOn(LocalDate basisDate, Period period)
    {
        EnsureValid(period, nameof(period));
        var months = (period.Years * 12L) + period.Months;
        var date = basisDate.PlusMonths(checked((int)months));
        if (date.Day < basisDate.Day)
        {
            // The target month has no such day; move forward, never back.
            date = date.PlusDays(1);
        }

        return date.PlusDays(checked((period.Weeks * 7) + period.Days));
    }

    /// <summary>The local date of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static LocalDate DateOf(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return instant.InZone(zone).Date;
    }

    /// <summary>The instant from which something whose basis is <paramref name="basis"/> may be purged: the start of its expiry date in <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentException">The period is not a positive, date-only period.</exception>
    public static Instant ExpiresAt(Instant basis, Period period, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.AtStartOfDay(ExpiresOn(DateOf(basis, zone), period)).ToInstant();
    }

    /// <summary>
    /// Whether <paramref name="period"/> ends before <paramref name="minimum"/> for some start date, trying
    /// every start in two five-year windows: one whose spans hold the most leap days (1996-2000) and one
    /// whose spans hold the fewest (2096-2100). <c>P72M</c> is not shorter than <c>P6Y</c>; <c>P2191D</c> is.
    /// </summary>
    /// <exception cref="ArgumentException">A period is not a positive, date-only period.</exception>
    public static bool IsShorter(Period period, Period minimum)
    {
        EnsureValid(period, nameof(period));
        EnsureValid(minimum, nameof(minimum));
        foreach (var (first, last) in ComparisonWindows)
        {
            for (var start = first; start <= last; start = start.PlusDays(1))
            {
                if (ExpiresOn(start, period) < ExpiresOn(start, minimum))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Throws unless <paramref name="period"/> has only non-negative years, months, weeks and days, and is not zero.</summary>
    /// <exception cref="ArgumentException">The period has a time component, a negative unit, or is zero.</exception>
    public static void EnsureValid(Period period, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(period, parameterName);
        if (period.HasTimeComponent)
        {
            throw new ArgumentException($"A retention period counts whole days; '{period}' has a time component.", parameterName);
        }

        if (period.Years < 0 || period.Months < 0 || period.Weeks < 0 || period.Days < 0)
        {
            throw new ArgumentException($"A retention period cannot be negative: '{period}'.", parameterName);
        }

        if (period.Years == 0 && period.Months == 0 && period.Weeks == 0 && period.Days == 0)
        {
            throw new ArgumentException("A retention period cannot be zero.", parameterName);
        }

        if (period.Years > 1000)
        {
            throw new ArgumentException($"A retention period of {period.Years} years is not plausible; at most 1000.", parameterName);
        }
    }
}
