using System.Text;

namespace ComplianceKit.Checklists;

/// <summary>
/// Recognizers for the block syntax the checklist parser needs, one line at a time.
/// Every method runs in time linear in the line length and uses no regular expressions.
/// </summary>
internal static class MarkdownLineSyntax
{
    // Glyphs that authors use as a ticked box; each may carry the emoji variation selector U+FE0F.
    private static readonly string[] CheckedGlyphs = ["\u2705", "\u2714", "\u2611", "\u2713", "\U0001F5F9"];

    // Glyphs that mean "not done": an empty box, a cross, pending. A warning sign is not one: notes start with it too.
    private static readonly string[] UncheckedGlyphs = ["\u2610", "\u2B1C", "\U0001F532", "\u274C", "\u2717", "\u2718", "\u23F3"];

    private const int TabStop = 4;

    /// <summary>Leading whitespace as a column count (tabs advance to the next multiple of 4) and as a character count.</summary>
    internal static (int Columns, int Length) MeasureIndent(string line)
    {
        var columns = 0;
        var index = 0;
        for (; index < line.Length; index++)
        {
            var c = line[index];
            if (c == ' ')
            {
                columns++;
            }
            else if (c == '\t')
            {
                columns += TabStop - (columns % TabStop);
            }
            else
            {
                break;
            }
        }

        return (columns, index);
    }

    /// <summary>An ATX heading: 1 to 6 <c>#</c> then a space or the end of the line.</summary>
    internal static bool TryParseHeading(string content, out int level, out string text)
    {
        level = 0;
        while (level < content.Length && content[level] == '#')
        {
            level++;
        }

        text = string.Empty;
        if (level is 0 or > 6 || (level < content.Length && content[level] is not (' ' or '\t')))
        {
            return false;
        }

        var body = content.AsSpan(level).Trim();
        var closing = body.Length;
        while (closing > 0 && body[closing - 1] == '#')
        {
            closing--;
        }

        // The closing run only counts when a space separates it from the text ("C#" stays "C#").
        if (closing == 0)
        {
            body = [];
        }
        else if (closing < body.Length && body[closing - 1] is ' ' or '\t')
        {
            body = body[..closing].TrimEnd();
        }

        text = body.ToString();
        return true;
    }

    /// <summary>A fence opener: three or more backticks or tildes; a backtick fence's info string has no backtick.</summary>
    internal static bool TryParseFenceOpen(string content, out char fenceChar, out int fenceLength)
    {
        fenceChar = content.Length > 0 ? content[0] : '\0';
        fenceLength = 0;
        if (fenceChar is not ('`' or '~'))
        {
            return false;
        }

        while (fenceLength < content.Length && content[fenceLength] == fenceChar)
        {
            fenceLength++;
        }

        return fenceLength >= 3 && (fenceChar == '~' || !content.AsSpan(fenceLength).Contains('`'));
    }

    /// <summary>A fence closer for an open fence: at least as many of the same character, then only whitespace.</summary>
    internal static bool IsFenceClose(string line, char fenceChar, int fenceLength)
    {
        var content = line.AsSpan().Trim();
        var run = 0;
        while (run < content.Length && content[run] == fenceChar)
        {
            run++;
        }

        return run >= fenceLength && run == content.Length;
    }

    /// <summary>
    /// The level of a setext heading underline (<c>===</c> 1, <c>---</c> 2; two or more, indented at most three columns),
    /// or 0 when the line is not one. It makes the paragraph line above it a heading.
    /// </summary>
    internal static int SetextUnderlineLevel(string line)
    {
        var (columns, indent) = MeasureIndent(line);
        var content = line.AsSpan(indent).TrimEnd();
        if (columns > 3 || content.Length < 2 || content[0] is not ('=' or '-') || content.ContainsAnyExcept(content[0]))
        {
            return 0;
        }

        return content[0] == '=' ? 1 : 2;
    }

    /// <summary>
    /// A thematic break: three or more <c>-</c>, <c>*</c> or <c>_</c>, spaces between allowed. After a paragraph line a
    /// dash line is a heading underline instead (<see cref="SetextUnderlineLevel"/>), which the caller checks first.
    /// </summary>
    internal static bool IsThematicBreak(string content, out char breakChar)
    {
        breakChar = content.Length > 0 ? content[0] : '\0';
        if (breakChar is not ('-' or '*' or '_'))
        {
            return false;
        }

        var count = 0;
        foreach (var c in content)
        {
            if (c == breakChar)
            {
                count++;
            }
            else if (c is not (' ' or '\t'))
            {
                return false;
            }
        }

        return count >= 3;
    }

    /// <summary>A bullet (<c>-</c>, <c>*</c>, <c>+</c>) or ordered marker (<c>1.</c>, <c>1)</c>) followed by whitespace or the end.</summary>
    internal static bool TryParseListMarker(string content, out string body)
    {
        body = string.Empty;
        int markerLength;
        if (content.Length > 0 && content[0] is '-' or '*' or '+')
        {
            markerLength = 1;
        }
        else
        {
            var digits = 0;
            while (digits < content.Length && digits < 10 && char.IsAsciiDigit(content[digits]))
            {
                digits++;
            }

            if (digits is 0 or > 9 || digits >= content.Length || content[digits] is not ('.' or ')'))
            {
                return false;
            }

            markerLength = digits + 1;
        }

        if (markerLength < content.Length && content[markerLength] is not (' ' or '\t'))
        {
            return false;
        }

        body = content.AsSpan(markerLength).Trim().ToString();
        return true;
    }

    /// <summary>
    /// A task marker at the start of a list item body or table cell, followed by whitespace or the end: the GitHub
    /// markers <c>[ ]</c>, <c>[x]</c>, <c>[X]</c>, a tick in brackets (<c>[✓]</c>), or a status glyph standing alone
    /// (<c>✅ Done</c>, <c>☐ To do</c>, <c>❌ Pen test</c>; see <see cref="CheckedGlyphs"/> and <see cref="UncheckedGlyphs"/>).
    /// <paramref name="unrecognized"/> is set for bracket look-alikes whose meaning is unclear, such as <c>[-]</c> or <c>[]</c>.
    /// </summary>
    internal static bool TryParseCheckbox(string body, out bool isChecked, out string text, out bool unrecognized)
    {
        isChecked = false;
        text = body;
        unrecognized = false;
        if (TryParseGlyph(body, out isChecked, out var glyphLength))
        {
            text = body.AsSpan(glyphLength).Trim().ToString();
            return true;
        }

        if (body.Length < 2 || body[0] != '[')
        {
            return false;
        }

        var close = body.IndexOf(']', 1);
        if (close < 0 || close > 4 || (close + 1 < body.Length && body[close + 1] is not (' ' or '\t')))
        {
            return false;
        }

        var mark = body.AsSpan(1, close - 1);
        var isGlyph = TryParseGlyph(mark.ToString(), out var glyphChecked, out var glyphEnd) && glyphEnd == mark.Length;
        if (mark is " " or "x" or "X" || isGlyph)
        {
            isChecked = isGlyph ? glyphChecked : mark is not " ";
            text = body.AsSpan(close + 1).Trim().ToString();
            return true;
        }

        // "[]", "[-]", "[~]", "[/]" look like checkboxes to authors, but whether they mean done, not applicable or
        // in progress is unclear, so they are reported rather than guessed.
        unrecognized = mark.Length == 0 || !char.IsLetterOrDigit(mark[0]);
        return false;
    }

    private static bool TryParseGlyph(string body, out bool isChecked, out int length)
    {
        isChecked = false;
        length = 0;
        var glyph = Array.Find(CheckedGlyphs, g => body.StartsWith(g, StringComparison.Ordinal));
        isChecked = glyph is not null;
        glyph ??= Array.Find(UncheckedGlyphs, g => body.StartsWith(g, StringComparison.Ordinal));
        if (glyph is null)
        {
            return false;
        }

        var end = glyph.Length;
        end += end < body.Length && body[end] == '\uFE0F' ? 1 : 0;
        if (end < body.Length && body[end] is not (' ' or '\t'))
        {
            isChecked = false;
            return false;
        }

        length = end;
        return true;
    }

    /// <summary>Cells of a pipe table row; outer pipes dropped, cells trimmed, <c>\|</c> kept inside a cell.</summary>
    internal static List<string> SplitTableRow(string content)
    {
        var cells = new List<string>();
        var span = content.AsSpan().Trim();
        if (span.Length > 0 && span[0] == '|')
        {
            span = span[1..];
        }

        if (span.Length > 0 && span[^1] == '|' && (span.Length < 2 || span[^2] != '\\'))
        {
            span = span[..^1];
        }

        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == '|' && (i == 0 || span[i - 1] != '\\'))
            {
                cells.Add(span[start..i].Trim().ToString());
                start = i + 1;
            }
        }

        cells.Add(span[start..].Trim().ToString());
        return cells;
    }

    /// <summary>A table delimiter row such as <c>|---|:---:|</c>.</summary>
    internal static bool IsTableDelimiterRow(string line)
    {
        var content = line.AsSpan().Trim();
        if (content.Length == 0 || !content.Contains('-'))
        {
            return false;
        }

        foreach (var c in content)
        {
            if (c is not ('|' or '-' or ':' or ' ' or '\t'))
            {
                return false;
            }
        }

        return content.Contains('|');
    }

    /// <summary>
    /// Removes <c>&lt;!-- ... --&gt;</c> spans from a line. When a comment opens and does not close on the line,
    /// the rest of the line is removed and <paramref name="opensComment"/> is set.
    /// </summary>
    internal static string StripHtmlComments(string line, out bool opensComment)
    {
        opensComment = false;
        var builder = new StringBuilder(line.Length);
        var index = 0;
        while (index < line.Length)
        {
            var start = line.IndexOf("<!--", index, StringComparison.Ordinal);
            if (start < 0)
            {
                builder.Append(line, index, line.Length - index);
                break;
            }

            builder.Append(line, index, start - index);
            var end = line.IndexOf("-->", start + 4, StringComparison.Ordinal);
            if (end < 0)
            {
                opensComment = true;
                break;
            }

            index = end + 3;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The bold label at the start of an item (<c>**Label**</c>, <c>**Label:**</c>, <c>__Label__</c>) without the colon,
    /// or <see langword="null"/> when the text does not start with bold.
    /// </summary>
    internal static string? LeadingBoldLabel(string text)
    {
        if (text.Length < 5 || !(text.StartsWith("**", StringComparison.Ordinal) || text.StartsWith("__", StringComparison.Ordinal)))
        {
            return null;
        }

        var close = text.IndexOf(text[..2], 2, StringComparison.Ordinal);
        if (close < 0)
        {
            return null;
        }

        var label = text.AsSpan(2, close - 2).Trim().TrimEnd(':').TrimEnd();
        return label.IsEmpty ? null : label.ToString();
    }

    /// <summary>
    /// The text after a leading bold label (<c>**CRITICAL**: Pen test</c> gives <c>Pen test</c>), separators trimmed;
    /// empty when nothing follows or the text does not start with bold.
    /// </summary>
    internal static string AfterLeadingBold(string text)
    {
        if (LeadingBoldLabel(text) is null)
        {
            return string.Empty;
        }

        var close = text.IndexOf(text[..2], 2, StringComparison.Ordinal);
        return text.AsSpan(close + 2).Trim().TrimStart(":-\u2013\u2014").Trim().ToString();
    }

    /// <summary>True when the text holds a fill-in blank: three or more consecutive underscores.</summary>
    internal static bool HasBlank(ReadOnlySpan<char> text) => text.Contains("___", StringComparison.Ordinal);

    /// <summary>
    /// The text of a label line (<c>**Post-Deployment Sign-off:**</c>, <c>After launch:</c>, <c>**Nice to have**</c>), emphasis and colon
    /// removed, or <see langword="null"/> when the line is a sentence rather than a label.
    /// </summary>
    internal static string? AsLabel(string content)
    {
        var text = content.Trim();
        var bold = text.StartsWith("**", StringComparison.Ordinal) || text.StartsWith("__", StringComparison.Ordinal);
        var stripped = text.Replace("**", string.Empty, StringComparison.Ordinal).Replace("__", string.Empty, StringComparison.Ordinal).Trim();
        var colon = stripped.EndsWith(':');
        stripped = stripped.TrimEnd(':').Trim();
        if (stripped.Length is 0 or > 80 || (!colon && !(bold && text.EndsWith("**", StringComparison.Ordinal))))
        {
            return null;
        }

        return stripped.Contains(':', StringComparison.Ordinal) ? null : stripped;
    }
}
