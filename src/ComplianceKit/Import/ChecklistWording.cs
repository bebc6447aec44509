using System.Text;
using System.Text.RegularExpressions;

namespace ComplianceKit.Import;

/// <summary>
/// Text normalised for phrase matching: lower case, every run of characters other than letters and digits one space,
/// padded with a space at each end, so <c>" nice to have "</c> matches "Nice-to-have" and never "nice to haves".
/// </summary>
internal static partial class ChecklistWording
{
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append(' ');
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        if (builder[^1] != ' ')
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>The first phrase of <paramref name="phrases"/> that <paramref name="normalized"/> holds as whole words, or null.</summary>
    internal static string? Find(string normalized, IEnumerable<string> phrases) =>
        phrases.FirstOrDefault(p => normalized.Contains($" {p} ", StringComparison.Ordinal));

    /// <summary>
    /// An item's tags: its parentheticals once markdown links are read as their words, so
    /// <c>Read the [critical incident runbook](https://...)</c> has none and <c>Alerts wired [CRITICAL]</c> has one.
    /// </summary>
    internal static List<string> Tags(string text) => Parentheticals(WithoutLinks(text));

    /// <summary>The text inside parentheses and brackets, each part on its own: <c>"Email provider (Resend)"</c> gives <c>Resend</c>.</summary>
    internal static List<string> Parentheticals(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '(' or '[')
            {
                start = depth++ == 0 ? i + 1 : start;
            }
            else if (text[i] is ')' or ']' && depth > 0 && --depth == 0)
            {
                parts.Add(text[start..i]);
            }
        }

        return parts;
    }

    /// <summary>Markdown emphasis and code marks removed, trimmed.</summary>
    internal static string Plain(string text) =>
        text.Replace("**", string.Empty, StringComparison.Ordinal).Replace("__", string.Empty, StringComparison.Ordinal)
            .Replace("`", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>Markdown links and images replaced by their text: <c>BAA with [Twilio](https://twilio.com)</c> gives <c>BAA with Twilio</c>.</summary>
    internal static string WithoutLinks(string text) =>
        text.Contains("](", StringComparison.Ordinal) || text.Contains("][", StringComparison.Ordinal) ? MarkdownLink().Replace(text, "$1") : text;

    [GeneratedRegex(@"!?\[([^\[\]]*)\](?:\([^()\s]*(?:\s+""[^""]*"")?\)|\[[^\[\]]*\])", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownLink();
}
