using System.Globalization;
using System.Net;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Reporting.Html;

/// <summary>How text reaches the page: every string HTML-encoded (entry text is untrusted), figures and dates in one invariant form.</summary>
internal static class HtmlText
{
    private static readonly InstantPattern Date = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd");
    private static readonly InstantPattern Minute = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm 'UTC'");

    /// <summary>The text HTML-encoded, safe in element content and in quoted attribute values.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A percentage as the page shows it, for example <c>68.9%</c>; "n/a" when nothing applies.</summary>
    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>A day, for example <c>2026-12-14</c>; "never" when absent.</summary>
    public static string Day(Instant? instant) => instant is { } value ? Date.Format(value) : "never";

    /// <summary>An instant to the minute in UTC, for example <c>2026-12-02 04:39 UTC</c>.</summary>
    public static string AtMinute(Instant instant) => Minute.Format(instant);

    /// <summary>An HTML id made of the letters, digits and hyphens of <paramref name="text"/>, so any gate id gives a valid, inert id.</summary>
    public static string Id(string prefix, string text) =>
        prefix + "-" + string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));

    /// <summary>An integer with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
