using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Cli.Hosting;

/// <summary>Instants as the tool reads and prints them: ISO 8601 in UTC, printed with six fractional digits (the precision hashed).</summary>
internal static class CliInstants
{
    private static readonly InstantPattern Display = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'");

    public static string Format(Instant instant) => Display.Format(instant);

    /// <summary>Parses <c>2030-01-01T00:00:00Z</c> (fractions allowed) or a bare date <c>2030-01-01</c> (its start, UTC).</summary>
    /// <exception cref="UsageException">The text is neither.</exception>
    public static Instant Parse(string text, string option)
    {
        if (InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant)
        {
            return instant.Value;
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date)
        {
            return date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        }

        throw new UsageException($"{option} '{text}' is not an instant such as 2030-01-01T00:00:00Z or a date such as 2030-01-01.");
    }

    public static Instant? ParseOptional(string? text, string option) => text is null ? null : Parse(text, option);
}
