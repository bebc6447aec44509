using System.Globalization;

namespace ComplianceKit.Checklists;

/// <summary>
/// Finds declared readiness percentages: in running text (<c>95% ready</c>, <c>Overall readiness is 95%</c>), after labels
/// (<c>Launch confidence: **92%**</c>, <c>Confidence: HIGH (92%)</c>), on emoji status lines (<c>🟢 70% done</c>), in headings
/// and in tables (a score or percentage column, a total row). A figure is not a claim when it is qualified as a threshold
/// or target (<c>&lt; 1%</c>, <c>80%+</c>, <c>at least 90%</c>), a fraction of something (<c>10% of users</c>), or measures
/// something named (<c>coverage</c>, <c>error rate</c>, <c>CPU</c>). Hand-written scanning with bounded look-around, linear in the line length.
/// </summary>
internal static class ReadinessClaimScanner
{
    private const int MaxWordsBetween = 2;
    private const int MaxSeparatorRun = 8;
    private const int MaxWordLength = 24;
    private const int MaxLabelLength = 120;

    private static readonly HashSet<string> WordsAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "ready", "complete", "completed", "done", "compliant", "finished",
    };

    private static readonly HashSet<string> WordsBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "ready", "readiness", "complete", "completed", "completion", "progress", "done", "compliance", "compliant", "status",
        "confidence", "overall", "total",
    };

    // Words that may sit between a keyword and the number ("Readiness score is at 95%", "Confidence: HIGH (92%)").
    private static readonly HashSet<string> FillerBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "at", "about", "approximately", "approx", "now", "currently", "score", "level", "overall", "estimated",
        "high", "medium", "low", "very", "green", "amber", "yellow", "red", "percent", "rating",
    };

    // Words after the number that mean it measures something else ("95% of workspaces", "50% not ready").
    private static readonly HashSet<string> StopAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "in", "on", "at", "for", "to", "the", "than", "not", "are", "is", "was", "be", "from", "by", "per", "and", "or",
        "increase", "decrease", "faster", "slower", "more", "less", "fewer", "reduction", "growth", "off", "discount",
    };

    // Words just before the number that make it a bound, not a state ("below 70%", "at least 90%", "up to 10%").
    private static readonly HashSet<string> BoundWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "below", "above", "under", "over", "least", "most", "exceeds", "exceed", "exceeding", "than", "within", "max", "min",
        "maximum", "minimum", "to", "threshold", "target", "goal", "aim", "aiming", "reach", "reaching", "by",
    };

    // Words anywhere in the label that make the figure a measurement of something else, or a goal.
    private static readonly HashSet<string> MeasurementWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "coverage", "uptime", "error", "errors", "cpu", "memory", "disk", "rollout", "utilization", "utilisation", "availability",
        "latency", "accuracy", "satisfaction", "adoption", "load", "capacity", "budget", "traffic", "discount", "sla", "slo",
        "target", "targets", "goal", "goals", "threshold", "thresholds", "expected", "minimum", "maximum", "degradation",
        "users", "workspaces", "tenants", "customers", "traffic", "rate", "usage", "share", "weight", "margin", "headroom",
    };

    // Words that say a label is about the whole document rather than a part.
    private static readonly HashSet<string> OverallWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "overall", "total", "headline", "summary", "aggregate", "average", "weighted", "all",
    };

    // Words a label may hold without naming a component ("Launch confidence", "Status", "We are").
    private static readonly HashSet<string> GenericWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "overall", "total", "readiness", "ready", "score", "confidence", "status", "progress", "completion", "complete",
        "completed", "done", "launch", "release", "production", "deployment", "deploy", "go", "live", "golive", "project",
        "level", "estimated", "current", "currently", "we", "are", "is", "our", "the", "at", "about", "approximately",
        "now", "high", "medium", "low", "very", "hipaa", "compliance", "compliant", "final", "document", "checklist",
        "percent", "rating", "for", "of", "and", "us", "it", "this", "be", "to", "green", "amber", "yellow", "red",
    };

    private static readonly string[] StatusEmoji =
    [
        "\U0001F7E2", "\U0001F7E1", "\U0001F534", "\U0001F7E0", "\u2705", "\u26A0", "\u274C", "\u2B1C", "\U0001F535", "\u2714", "\u2713",
        "\U0001F7E9", "\U0001F7E8", "\U0001F7E5", "\U0001F680",
    ];

    // Table headers whose column holds readiness figures, and headers whose column holds anything but.
    private static readonly string[] ScoreHeaders = ["score", "percent", "%", "readiness", "ready", "complete", "completion", "progress", "status", "confidence", "done"];

    /// <summary>Appends every claim found in <paramref name="line"/> (comments removed) to <paramref name="claims"/>.</summary>
    /// <param name="line">The line without comments.</param>
    /// <param name="rawLine">The source line.</param>
    /// <param name="lineNumber">The 1-based line.</param>
    /// <param name="headingLevel">1 to 6 for a heading, 0 otherwise.</param>
    /// <param name="itemTitle">The title of the checkbox item the line is, or <see langword="null"/>.</param>
    /// <param name="claims">Where claims are added.</param>
    internal static void Scan(string line, string rawLine, int lineNumber, int headingLevel, string? itemTitle, List<DeclaredReadinessClaim> claims)
    {
        for (var percent = line.IndexOf('%', StringComparison.Ordinal); percent >= 0; percent = line.IndexOf('%', percent + 1))
        {
            if (!TryReadNumberBefore(line, percent, out var numberStart, out var value) || IsBound(line, numberStart, percent) || StopsAfter(line, percent + 1))
            {
                continue;
            }

            int start = numberStart, end = percent + 1;
            var clauseStart = ClauseStart(line, numberStart);
            var emoji = HasStatusEmoji(line.AsSpan(clauseStart, numberStart - clauseStart));
            if (TryFindKeywordAfter(line, percent + 1, out var keywordEnd))
            {
                end = keywordEnd;
            }
            else if (TryFindKeywordBefore(line, numberStart, out var keywordStart))
            {
                start = keywordStart;
            }
            else if (!(emoji && OnlyDecorationBetween(line, clauseStart, numberStart) && NothingSubstantiveAfter(line, percent + 1)))
            {
                continue;
            }

            var label = Words(line.AsSpan(clauseStart, numberStart - clauseStart));
            if (label.Any(MeasurementWords.Contains))
            {
                continue;
            }

            var form = itemTitle is not null ? ReadinessClaimForm.Item
                : headingLevel > 0 ? ReadinessClaimForm.Heading
                : emoji ? ReadinessClaimForm.StatusLine
                : line.AsSpan(clauseStart, numberStart - clauseStart).Contains(':') ? ReadinessClaimForm.Label
                : ReadinessClaimForm.Text;
            var (scope, component) = itemTitle is not null
                ? (ReadinessClaimScope.Component, Clean(itemTitle))
                : headingLevel == 1 ? (ReadinessClaimScope.Overall, null) : ScopeOf(label);
            claims.Add(new DeclaredReadinessClaim
            {
                Line = lineNumber,
                Percent = value,
                Text = line[start..end].Replace("**", string.Empty, StringComparison.Ordinal),
                LineText = rawLine,
                Scope = scope,
                Component = component,
                Form = form,
            });
        }
    }

    /// <summary>
    /// Appends the claims of one table row: a cell of a score or percentage column (by its header), or a percentage cell in a
    /// row whose label names readiness. The row's first text cell is the component; a total or overall row is the headline.
    /// </summary>
    internal static void ScanTableRow(IReadOnlyList<string> cells, IReadOnlyList<string>? header, string rawLine, int lineNumber, List<DeclaredReadinessClaim> claims)
    {
        var labelIndex = -1;
        for (var i = 0; i < cells.Count && labelIndex < 0; i++)
        {
            var words = Words(cells[i].AsSpan());
            labelIndex = words.Count > 0 ? i : -1;
        }

        if (labelIndex < 0)
        {
            return;
        }

        var label = Words(cells[labelIndex].AsSpan());
        var labelNamesReadiness = label.Any(w => WordsBefore.Contains(w) || w.Equals("score", StringComparison.OrdinalIgnoreCase));
        for (var i = labelIndex + 1; i < cells.Count; i++)
        {
            var column = header is not null && i < header.Count ? header[i] : string.Empty;
            var columnWords = Words(column.AsSpan());
            var scoreColumn = ScoreHeaders.Any(h => column.Contains(h, StringComparison.OrdinalIgnoreCase)) && !columnWords.Any(MeasurementWords.Contains);
            if ((!scoreColumn && !labelNamesReadiness) || !TryReadCellPercent(cells[i], allowBare: column.Contains('%', StringComparison.Ordinal) || column.Contains("percent", StringComparison.OrdinalIgnoreCase), out var value))
            {
                continue;
            }

            if (label.Any(MeasurementWords.Contains))
            {
                return;
            }

            var (scope, component) = ScopeOf(label);
            claims.Add(new DeclaredReadinessClaim
            {
                Line = lineNumber,
                Percent = value,
                Text = $"{Clean(cells[labelIndex])}: {Clean(cells[i])}",
                LineText = rawLine,
                Scope = label.Any(OverallWords.Contains) ? ReadinessClaimScope.Overall : scope,
                Component = label.Any(OverallWords.Contains) ? null : component ?? Clean(cells[labelIndex]),
                Form = ReadinessClaimForm.Table,
            });
            return;
        }
    }

    private static (ReadinessClaimScope Scope, string? Component) ScopeOf(List<string> label)
    {
        if (label.Any(OverallWords.Contains))
        {
            return (ReadinessClaimScope.Overall, null);
        }

        var named = label.Where(w => !GenericWords.Contains(w)).ToList();
        return named.Count == 0 ? (ReadinessClaimScope.Overall, null) : (ReadinessClaimScope.Component, string.Join(' ', named));
    }

    private static bool TryReadCellPercent(string cell, bool allowBare, out decimal value)
    {
        value = 0;
        var text = cell.Replace("**", string.Empty, StringComparison.Ordinal).Trim();
        var percent = text.IndexOf('%', StringComparison.Ordinal);
        var end = percent >= 0 ? percent : text.Length;
        if (percent < 0 && !allowBare)
        {
            return false;
        }

        if (!TryReadNumberBefore(text, end, out var numberStart, out value) || IsBound(text, numberStart, end) || (percent >= 0 && StopsAfter(text, percent + 1)))
        {
            return false;
        }

        // A cell that says more than a figure (and a status word or emoji) is a sentence, not a score.
        return OnlyDecorationBetween(text, 0, numberStart) || Words(text.AsSpan(0, numberStart)).All(w => FillerBefore.Contains(w));
    }

    // The label is read from the start of the clause, at most MaxLabelLength characters back, so scanning stays linear.
    private static int ClauseStart(string line, int numberStart)
    {
        var floor = Math.Max(0, numberStart - MaxLabelLength);
        var index = numberStart;
        do
        {
            var found = line.AsSpan(floor, index - floor).LastIndexOfAny(".;!?|");
            index = found < 0 ? -1 : floor + found;
        }
        while (index > floor && line[index] == '.' && index + 1 < line.Length && char.IsAsciiDigit(line[index + 1]));

        return index < 0 ? floor : index + 1;
    }

    private static bool HasStatusEmoji(ReadOnlySpan<char> text)
    {
        foreach (var emoji in StatusEmoji)
        {
            if (text.Contains(emoji, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool OnlyDecorationBetween(string line, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (char.IsLetterOrDigit(line[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NothingSubstantiveAfter(string line, int from)
    {
        var position = SkipSeparatorsForward(line, from);
        return position >= line.Length || !char.IsLetter(line[position]);
    }

    // "< 1%", "≥ 99.9%", "80%+", "at least 90%", "up to 10%", "a 5% increase".
    private static bool IsBound(string line, int numberStart, int percent)
    {
        if (percent + 1 < line.Length && line[percent + 1] == '+')
        {
            return true;
        }

        var position = numberStart;
        while (position > 0 && line[position - 1] is ' ' or '*' or '(' or '~' or '\u2248')
        {
            position--;
        }

        if (position > 0 && line[position - 1] is '<' or '>' or '\u2264' or '\u2265' or '=' or '+' or '-' or '\u00B1')
        {
            // "Readiness = 95%" and "Readiness - 95%" are claims; a comparison or sign before a figure is a bound.
            return line[position - 1] is not ('=' or '-') || (position > 1 && line[position - 2] is '<' or '>' or '!');
        }

        var wordEnd = position;
        while (position > 0 && char.IsLetter(line[position - 1]))
        {
            position--;
        }

        return wordEnd > position && BoundWords.Contains(line[position..wordEnd]);
    }

    private static bool StopsAfter(string line, int from)
    {
        var position = from;
        while (position < line.Length && line[position] is ' ' or '*')
        {
            position++;
        }

        var start = position;
        while (position < line.Length && position - start < MaxWordLength && char.IsLetter(line[position]))
        {
            position++;
        }

        return position > start && StopAfter.Contains(line[start..position]);
    }

    private static List<string> Words(ReadOnlySpan<char> text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetter(text[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                words.Add(text[start..i].ToString());
                start = -1;
            }
        }

        return words;
    }

    private static string Clean(string text)
    {
        var span = text.Replace("**", string.Empty, StringComparison.Ordinal).AsSpan().Trim();
        var start = 0;
        while (start < span.Length && !char.IsLetterOrDigit(span[start]))
        {
            start++;
        }

        return span[start..].TrimEnd(" :").ToString();
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
