using System.Globalization;

namespace ComplianceKit.Checklists;

/// <summary>Whole-text checks made before parsing: not text at all, and UTF-8 that was decoded as Windows-1252.</summary>
internal static class ChecklistTextInspector
{
    private const string Cp1252HighChars = "\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178";

    /// <summary>Throws <see cref="ChecklistFormatException"/> when the text is empty or looks binary.</summary>
    internal static void EnsureText(string text, string? sourceName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ChecklistFormatException($"{Describe(sourceName)} is empty; expected a markdown checklist.", sourceName);
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            throw new ChecklistFormatException(
                $"{Describe(sourceName)} contains NUL characters (first at character {nul.ToString(CultureInfo.InvariantCulture)}); it looks like a binary file, or UTF-16 text without a byte-order mark, not a markdown checklist.",
                sourceName);
        }

        var suspicious = 0;
        foreach (var c in text)
        {
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v')) || c == '\uFFFD')
            {
                suspicious++;
            }
        }

        // Text in a wrong single-byte encoding has a few replacement characters; binary data has many.
        if (suspicious >= 8 && suspicious * 10L > text.Length * 3L)
        {
            throw new ChecklistFormatException(
                $"{Describe(sourceName)} is {suspicious * 100L / text.Length}% control or undecodable characters; it looks like a binary file, not a markdown checklist.",
                sourceName);
        }
    }

    /// <summary>A warning when the text holds UTF-8 byte patterns read as Windows-1252 (<c>âœ…</c>, <c>Ã©</c>), otherwise null.</summary>
    internal static ChecklistWarning? FindMojibake(string text)
    {
        var count = 0;
        var firstLine = 0;
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                line++;
                continue;
            }

            var continuations = c switch
            {
                >= '\u00C2' and <= '\u00DF' => 1,
                >= '\u00E0' and <= '\u00EF' => 2,
                >= '\u00F0' and <= '\u00F4' => 3,
                _ => 0,
            };
            if (continuations == 0 || i + continuations >= text.Length)
            {
                continue;
            }

            var all = true;
            for (var k = 1; k <= continuations && all; k++)
            {
                all = IsCp1252Continuation(text[i + k]);
            }

            if (all)
            {
                count++;
                firstLine = firstLine == 0 ? line : firstLine;
                i += continuations;
            }
        }

        return count == 0 ? null : new ChecklistWarning
        {
            Kind = ChecklistWarningKind.SuspectedMojibake,
            Line = firstLine,
            Message = string.Create(
                CultureInfo.InvariantCulture,
                $"{count} character sequence(s) look like UTF-8 decoded with the wrong encoding (for example \"\u00E2\u0153\u2026\" for \"\u2705\"), the first on line {firstLine}; the text was kept as is. Re-save the file as UTF-8."),
        };
    }

    internal static string Describe(string? sourceName) =>
        sourceName is null ? "The checklist" : $"Checklist '{sourceName}'";

    private static bool IsCp1252Continuation(char c) =>
        c is >= '\u0080' and <= '\u00BF' || Cp1252HighChars.Contains(c, StringComparison.Ordinal);
}
