using System.Text.RegularExpressions;

namespace ComplianceKit.Retention;

/// <summary>
/// Entry-type patterns used by policies and holds: an exact type (<c>baa.executed</c>), a category
/// prefix (<c>baa.*</c>: every type that starts with <c>baa.</c>), or <c>*</c> for every type.
/// </summary>
internal static partial class EntryTypePattern
{
    /// <summary>The specificity of an exact match; prefixes rank by their length, <c>*</c> ranks 0.</summary>
    public const int Exact = int.MaxValue;

    /// <summary>Whether <paramref name="pattern"/> is well formed.</summary>
    public static bool IsValid(string? pattern) =>
        pattern is not null && (pattern == "*" || ExactPattern().IsMatch(pattern) || PrefixPattern().IsMatch(pattern));

    /// <summary>How specific the match of <paramref name="pattern"/> on <paramref name="entryType"/> is, or -1 when it does not match.</summary>
    public static int Match(string pattern, string entryType)
    {
        if (pattern == "*")
        {
            return 0;
        }

        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            var prefix = pattern.AsSpan(0, pattern.Length - 1); // keeps the dot: "baa." does not match "baadge"
            return entryType.AsSpan().StartsWith(prefix, StringComparison.Ordinal) ? prefix.Length : -1;
        }

        return string.Equals(pattern, entryType, StringComparison.Ordinal) ? Exact : -1;
    }

    /// <summary>The best specificity among <paramref name="patterns"/>, or -1 when none matches.</summary>
    public static int BestMatch(IEnumerable<string> patterns, string entryType)
    {
        var best = -1;
        foreach (var pattern in patterns)
        {
            best = Math.Max(best, Match(pattern, entryType));
        }

        return best;
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExactPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*\.\*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
