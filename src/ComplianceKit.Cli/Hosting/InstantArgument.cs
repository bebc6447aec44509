using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Cli.Hosting;

/// <summary>Reads <c>--at</c>: an ISO 8601 UTC instant (<c>2026-03-01T12:00:00Z</c>) or a date (<c>2026-03-01</c>, its start in UTC).</summary>
internal static class InstantArgument
{
    public static Instant Parse(string? text, IClock clock) => Parse(text, clock, "--at");

    /// <summary>Reads the instant of <paramref name="option"/>; now when it was not given.</summary>
    public static Instant Parse(string? text, IClock clock, string option)
    {
        if (text is null)
        {
            return clock.GetCurrentInstant();
        }

        var instant = InstantPattern.ExtendedIso.Parse(text.Trim());
        if (instant.Success)
        {
            return instant.Value;
        }

        var date = LocalDatePattern.Iso.Parse(text.Trim());
        return date.Success
            ? date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()
            : throw new UsageException($"{option} '{text}' is not an instant: use 2026-03-01T12:00:00Z or 2026-03-01 (UTC).");
    }
}
