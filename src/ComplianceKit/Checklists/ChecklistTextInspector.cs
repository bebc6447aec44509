using System.Globalization;
using System.Text;

namespace ComplianceKit.Checklists;

/// <summary>Whole-text checks made before parsing: not text at all, and UTF-8 that was decoded as Windows-1252.</summary>
internal static class ChecklistTextInspector
{
    private const string Cp1252HighChars = "\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178";

    // The Windows-1252 byte of each character of Cp1252HighChars, in the same order.
    private static readonly byte[] Cp1252HighBytes =
    [
        0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8E, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
        0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9E, 0x9F,
    ];

    /// <summary>
    /// Undoes "UTF-8 decoded as Windows-1252 and saved again" when that is unambiguous: every character of the text has a
    /// Windows-1252 byte, those bytes are valid UTF-8, and they decode to different text. Returns the text unchanged and
    /// a <see cref="ChecklistWarningKind.SuspectedMojibake"/> warning when sequences look garbled but the repair is ambiguous,
    /// and no warning for clean text.
    /// </summary>
    internal static (string Text, ChecklistWarning? Warning) RepairMojibake(string text)
    {
        if (FindMojibake(text) is not { } suspected)
        {
            return (text, null);
        }

        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var high = Cp1252HighChars.IndexOf(c, StringComparison.Ordinal);
            if (c <= '\u00FF')
            {
                bytes[i] = (byte)c;
            }
            else if (high >= 0)
            {
                bytes[i] = Cp1252HighBytes[high];
            }
            else
            {
                // A character Windows-1252 cannot hold was typed after the damage: which parts to repair is a guess.
                return (text, suspected);
            }
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (text, suspected);
        }

        var repaired = Encoding.UTF8.GetString(bytes);
        var count = 0;
        var index = 0;
        while (index < bytes.Length)
        {
            Rune.DecodeFromUtf8(bytes.AsSpan(index), out _, out var consumed);
            count += consumed > 1 ? 1 : 0;
            index += Math.Max(consumed, 1);
        }

        return (repaired, new ChecklistWarning
        {
            Kind = ChecklistWarningKind.MojibakeRepaired,
            Line = suspected.Line,
            Message = string.Create(
                CultureInfo.InvariantCulture,
                $"{count} character sequence(s) were UTF-8 read as Windows-1252 and saved again (for example \"\u00E2\u20AC\u201D\" for \"\u2014\"), the first on line {suspected.Line}; they were repaired before reading. The ledger records the SHA-256 of the file as it was."),
        });
    }

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
