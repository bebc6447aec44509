using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Bundles;

/// <summary>
/// The one text form of instants in bundles and reports: ISO 8601 UTC with exactly six fractional
/// digits (<c>2026-11-24T15:11:00.000000Z</c>), the precision the ledger hashes (docs/FORMAT.md, "Times").
/// </summary>
public static class BundleInstant
{
    private static readonly InstantPattern Pattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'");

    /// <summary>Formats <paramref name="instant"/>, truncated to microseconds.</summary>
    public static string Format(Instant instant) => Pattern.Format(Ledger.InstantCodec.TruncateToMicroseconds(instant));

    /// <summary>Parses the form <see cref="Format"/> writes, and nothing else.</summary>
    /// <exception cref="FormatException">The text is not in that form.</exception>
    public static Instant Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = Pattern.Parse(text);
        return result.Success && Ledger.InstantCodec.TruncateToMicroseconds(result.Value) == result.Value
            ? result.Value
            : throw new FormatException($"'{(text.Length > 40 ? text[..40] + "..." : text)}' is not an instant of the form 2026-01-31T23:59:59.000000Z.");
    }
}
