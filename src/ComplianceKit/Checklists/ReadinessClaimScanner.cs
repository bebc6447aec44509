using System.Globalization;

namespace ComplianceKit.Checklists;

/// <summary>
/// Finds declared readiness percentages in a line: <c>95% ready</c>, <c>100% production-ready</c>,
/// <c>95% HIPAA compliant</c>, <c>Ready: 95%</c>, <c>Overall readiness is 95%</c>.
/// Hand-written scanning with bounded look-around, so time is linear in the line length.
/// </summary>
internal static class ReadinessClaimScanner
{
    private const int MaxWordsBetween = 2;
    private const int MaxSeparatorRun = 8;
    private const int MaxWordLength = 24;

    private static readonly HashSet<string> WordsAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "ready", "complete", "completed", "done", "compliant", "finished",
    };

    private static readonly HashSet<string> WordsBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "ready", "readiness", "complete", "completed", "completion", "progress", "done", "compliance", "compliant", "status",
    };

    // Words that may sit between a keyword and the number ("Readiness score is at 95%").
    private static readonly HashSet<string> FillerBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "at", "about", "approximately", "approx", "now", "currently", "score", "level", "overall", "estimated",
    };

    // Words after the number that mean it measures something else ("95% of workspaces", "50% not ready").
    private static readonly HashSet<string> StopAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "in", "on", "at", "for", "to", "the", "than", "not", "are", "is", "was", "be", "from", "by", "per", "and", "or",
    };

    /// <summary>Appends every claim found in <paramref name="line"/> (comments removed) to <paramref name="claims"/>.</summary>
    internal static void Scan(string line, string rawLine, int lineNumber, List<DeclaredReadinessClaim> claims)
    {
        for (var percent = line.IndexOf('%', StringComparison.Ordinal); percent >= 0; percent = line.IndexOf('%', percent + 1))
        {
            if (!TryReadNumberBefore(line, percent, out var numberStart, out var value))
            {
                continue;
            }

            int start = numberStart, end = percent + 1;
            if (TryFindKeywordAfter(line, percent + 1, out var keywordEnd))
            {
                end = keywordEnd;
            }
            else if (TryFindKeywordBefore(line, numberStart, out var keywordStart))
            {
                start = keywordStart;
            }
            else
            {
                continue;
            }

            claims.Add(new DeclaredReadinessClaim
            {
                Line = lineNumber,
                Percent = value,
                Text = line[start..end].Replace("**", string.Empty, StringComparison.Ordinal),
                LineText = rawLine,
            });
        }
    }

    private static bool TryReadNumberBefore(string line, int percent, out int start, out decimal value)
    {
        value = 0;
        var end = percent;
        if (end > 0 && line[end - 1] == ' ')
        {
            end--;
        }

        start = end;
        while (start > 0 && end - start < 8 && (char.IsAsciiDigit(line[start - 1]) || line[start - 1] is '.' or ','))
        {
            start--;
        }

        while (start < end && !char.IsAsciiDigit(line[start]))
        {
            start++;
        }

        if (start == end || (start > 0 && char.IsLetterOrDigit(line[start - 1])))
        {
            return false;
        }

        var number = line[start..end].Replace(',', '.');
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && value is >= 0 and <= 100;
    }

    private static bool TryFindKeywordAfter(string line, int from, out int end)
    {
        end = from;
        var position = from;
        for (var word = 0; word <= MaxWordsBetween; word++)
        {
            position = SkipSeparatorsForward(line, position);
            var wordStart = position;
            while (position < line.Length && position - wordStart < MaxWordLength && char.IsLetter(line[position]))
            {
                position++;
            }

            if (position == wordStart)
            {
                return false;
            }

            var text = line[wordStart..position];
            if (WordsAfter.Contains(text))
            {
                end = position;
                return true;
            }

            if (StopAfter.Contains(text))
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryFindKeywordBefore(string line, int numberStart, out int start)
    {
        start = numberStart;
        var position = numberStart;
        for (var word = 0; word <= MaxWordsBetween; word++)
        {
            position = SkipSeparatorsBackward(line, position);
            var wordEnd = position;
            while (position > 0 && wordEnd - position < MaxWordLength && char.IsLetter(line[position - 1]))
            {
                position--;
            }

            if (position == wordEnd || (position > 0 && char.IsLetterOrDigit(line[position - 1])))
            {
                return false;
            }

            var text = line[position..wordEnd];
            if (WordsBefore.Contains(text))
            {
                start = position;
                return true;
            }

            if (!FillerBefore.Contains(text))
            {
                return false;
            }
        }

        return false;
    }

    private static int SkipSeparatorsForward(string line, int position)
    {
        var limit = Math.Min(line.Length, position + MaxSeparatorRun);
        while (position < limit && IsSeparator(line[position]))
        {
            position++;
        }

        return position;
    }

    private static int SkipSeparatorsBackward(string line, int position)
    {
        var limit = Math.Max(0, position - MaxSeparatorRun);
        while (position > limit && IsSeparator(line[position - 1]))
        {
            position--;
        }

        return position;
    }

    private static bool IsSeparator(char c) =>
        c is ' ' or '\t' or ':' or '=' or '-' or '\u2013' or '\u2014' or '*' or '_' or '~' or '\u2248' or '(' or ')';
}
