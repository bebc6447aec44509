namespace ComplianceKit.Checklists;

/// <summary>
/// A priority word that says how much an item matters and is not the item's title: in bold opening the item
/// (<c>**CRITICAL**: Pen test remediated</c>, <c>**P0** Backups restored</c>), or closing it in bold, after a dash or after a
/// severity emoji (<c>Encryption at rest — **CRITICAL**</c>, <c>MFA for admins 🔴 Critical</c>, <c>Load test - nice to have</c>).
/// </summary>
internal static class ChecklistPriorityMarker
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "critical", "blocker", "blocking", "showstopper", "required", "mandatory", "must", "must have", "urgent", "p0", "p1", "p2",
        "p3", "high", "high priority", "medium", "medium priority", "low", "low priority", "important", "recommended", "should",
        "should have", "optional", "nice to have",
    };

    /// <summary>Whether the bold label is only a priority word (case, hyphens, underscores and a trailing "!" ignored).</summary>
    internal static bool IsMarker(string label)
    {
        var normalized = label.Trim().TrimEnd('!', ':').Replace('-', ' ').Replace('_', ' ').Trim();
        return Words.Contains(normalized);
    }

    /// <summary>
    /// The priority word closing <paramref name="text"/> and the title before it, or null. Only a whole closing segment counts,
    /// so "No critical vulnerabilities" and "Backup required before migration" stay as they are.
    /// </summary>
    internal static (string Marker, string Title)? Trailing(string text)
    {
        var trimmed = text.AsSpan().TrimEnd().TrimEnd(".!").TrimEnd();
        var start = ClosingSegmentStart(trimmed);
        if (start <= 0)
        {
            return null;
        }

        var marker = trimmed[start..].Trim(" \t*_\uFE0F").ToString();
        var title = TrimSeparators(trimmed[..start]);
        return marker.Length > 0 && title.Length > 0 && IsMarker(marker) ? (marker, title) : null;
    }

    // Where the closing segment starts: a bold span that ends the text, else the text after the last dash set off by spaces
    // or the last emoji.
    private static int ClosingSegmentStart(ReadOnlySpan<char> text)
    {
        if (text.EndsWith("**") || text.EndsWith("__"))
        {
            var open = text[..^2].LastIndexOf(text[^2..]);
            return open;
        }

        for (var i = text.Length - 1; i > 0; i--)
        {
            if (text[i] is '\u2014' or '\u2013' || (text[i] == '-' && text[i - 1] == ' ' && i + 1 < text.Length && text[i + 1] == ' '))
            {
                return i + 1;
            }

            if (IsEmoji(text, i))
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static bool IsEmoji(ReadOnlySpan<char> text, int index) =>
        (char.IsLowSurrogate(text[index]) && index > 0 && char.IsHighSurrogate(text[index - 1])) ||
        char.GetUnicodeCategory(text[index]) == System.Globalization.UnicodeCategory.OtherSymbol;

    private static string TrimSeparators(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '-' or ':' or '\u2013' or '\u2014' or '\uFE0F' ||
            IsEmoji(text, end - 1) || char.IsHighSurrogate(text[end - 1])))
        {
            end--;
        }

        return text[..end].ToString();
    }
}
