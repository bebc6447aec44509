using System.Globalization;

namespace ComplianceKit.Checklists;

/// <summary>
/// One pass over the lines of one checklist. A line is classified by its first characters, in this order:
/// open code fence or comment, heading, thematic break, table row, list item, paragraph text.
/// Not thread-safe; <see cref="MarkdownChecklistParser"/> creates one per call.
/// </summary>
internal sealed class ChecklistParseSession
{
    private const string RootId = "root";

    private readonly IReadOnlyList<string> lines;
    private readonly List<ChecklistSection> sections = [];
    private readonly List<ChecklistItemBuilder> items = [];
    private readonly List<ChecklistSignOff> signOffs = [];
    private readonly List<SkippedLine> skipped = [];
    private readonly List<ChecklistWarning> warnings = [];
    private readonly List<DeclaredReadinessClaim> claims = [];
    private readonly List<ChecklistHeadingFrame> headings = [];
    private readonly List<ListFrame> lists = [];
    private readonly HashSet<string> sectionIds = new(StringComparer.Ordinal) { RootId };
    private string? title;
    private int rootItemCount;
    private bool previousBlank = true;
    private int fenceLine;
    private char fenceChar;
    private int fenceLength;
    private int commentLine;
    private bool inTable;
    private int setextUnderlineIndex = -1;
    private List<string>? tableHeader;
    private string? label;

    internal ChecklistParseSession(IReadOnlyList<string> lines, IEnumerable<ChecklistWarning> initialWarnings)
    {
        this.lines = lines;
        warnings.AddRange(initialWarnings);
    }

    private ChecklistHeadingFrame? CurrentHeading => headings.Count > 0 ? headings[^1] : null;

    private IReadOnlyList<string> CurrentPath => CurrentHeading?.Path ?? [];

    private bool InSignOffSection => CurrentHeading?.IsSignOff ?? false;

    /// <summary>Splits text into lines at CRLF, LF or a lone CR; the breaks themselves are dropped.</summary>
    internal static List<string> SplitLines(string text)
    {
        var result = new List<string>();
        var start = 0;
        while (true)
        {
            var offset = text.AsSpan(start).IndexOfAny('\r', '\n');
            if (offset < 0)
            {
                // A final line break ends the last line; it does not start an empty one.
                if (start < text.Length || result.Count == 0)
                {
                    result.Add(text[start..]);
                }

                return result;
            }

            var end = start + offset;
            result.Add(text[start..end]);
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
    }

    internal ChecklistDocument Run(string? sourceName, string? encodingName)
    {
        for (var index = 0; index < lines.Count; index++)
        {
            ProcessLine(index);
        }

        if (fenceLine != 0)
        {
            Warn(ChecklistWarningKind.UnclosedCodeBlock, fenceLine, $"The code block opened on line {fenceLine} is never closed; every line after it was skipped.");
        }

        if (commentLine != 0)
        {
            Warn(ChecklistWarningKind.UnclosedHtmlComment, commentLine, $"The HTML comment opened on line {commentLine} is never closed; every line after it was skipped.");
        }

        if (sections.Count == 0 && items.Count == 0 && signOffs.Count == 0)
        {
            throw new ChecklistFormatException(
                $"{ChecklistTextInspector.Describe(sourceName)} has no headings, no checkbox items ('- [ ]') and no sign-off lines ('Role: ____'); it does not look like a markdown checklist.",
                sourceName);
        }

        return new ChecklistDocument
        {
            SourceName = sourceName,
            SourceEncoding = encodingName,
            Title = title,
            LineCount = lines.Count,
            Sections = sections,
            Items = items.ConvertAll(b => b.Build()),
            SignOffs = signOffs,
            SkippedLines = skipped,
            Warnings = warnings,
            DeclaredClaims = claims,
        };
    }

    private void ProcessLine(int index)
    {
        var lineNumber = index + 1;
        var raw = lines[index];
        if (index == setextUnderlineIndex)
        {
            return; // the underline of the heading read on the line above
        }

        if (fenceLine != 0)
        {
            Skip(lineNumber, SkipReason.CodeBlock, raw);
            fenceLine = MarkdownLineSyntax.IsFenceClose(raw, fenceChar, fenceLength) ? 0 : fenceLine;
            return;
        }

        if (commentLine != 0)
        {
            // Text after the closing "-->" on the same line is rare in checklists and is skipped with the comment.
            Skip(lineNumber, SkipReason.HtmlComment, raw);
            commentLine = raw.Contains("-->", StringComparison.Ordinal) ? 0 : commentLine;
            return;
        }

        var text = raw;
        if (raw.Contains("<!--", StringComparison.Ordinal))
        {
            text = MarkdownLineSyntax.StripHtmlComments(raw, out var opensComment);
            commentLine = opensComment ? lineNumber : 0;
            if (string.IsNullOrWhiteSpace(text))
            {
                Skip(lineNumber, SkipReason.HtmlComment, raw);
                return;
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            previousBlank = true;
            inTable = false;
            return;
        }

        ProcessContent(index, raw, text);
        previousBlank = false;
    }

    private void ProcessContent(int index, string raw, string text)
    {
        var lineNumber = index + 1;
        var (columns, indentLength) = MarkdownLineSyntax.MeasureIndent(text);
        var content = text[indentLength..].TrimEnd();
        if (content[0] != '|' && content.Contains('%', StringComparison.Ordinal))
        {
            ScanClaims(text, raw, lineNumber, columns, content);
        }

        if (content[0] == '|')
        {
            EndListsAt(columns);
            ProcessTableRow(index, raw, content);
            return;
        }

        inTable = false;
        if (MarkdownLineSyntax.TryParseFenceOpen(content, out fenceChar, out fenceLength))
        {
            EndListsAt(columns);
            fenceLine = lineNumber;
            Skip(lineNumber, SkipReason.CodeBlock, raw);
        }
        else if (columns <= 3 && MarkdownLineSyntax.TryParseHeading(content, out var level, out var heading))
        {
            lists.Clear();
            AddHeading(lineNumber, level, heading);
        }
        else if (columns <= 3 && MarkdownLineSyntax.IsThematicBreak(content, out var breakChar))
        {
            // A line of underscores is a place to write, not a divider, in these documents.
            lists.Clear();
            Skip(lineNumber, breakChar == '_' ? SkipReason.FormField : SkipReason.HorizontalRule, raw);
        }
        else if (MarkdownLineSyntax.TryParseListMarker(content, out var body))
        {
            ProcessListItem(lineNumber, raw, columns, body);
        }
        else if (SetextHeadingLevel(index, columns, content) is > 0 and var setextLevel)
        {
            lists.Clear();
            AddHeading(lineNumber, setextLevel, content);
            setextUnderlineIndex = index + 1;
        }
        else
        {
            ProcessParagraph(lineNumber, raw, columns, content);
        }
    }

    // A paragraph line over "===" or "---" is a heading, unless it is a line to sign on: authors rule those off.
    private int SetextHeadingLevel(int index, int columns, string content) =>
        columns <= 3 && previousBlank && index + 1 < lines.Count && !MarkdownLineSyntax.HasBlank(content)
            && !SignOffLineParser.TryParseLine(content, InSignOffSection, out _)
            ? MarkdownLineSyntax.SetextUnderlineLevel(lines[index + 1])
            : 0;

    private void ScanClaims(string text, string raw, int lineNumber, int columns, string content)
    {
        var headingLevel = columns <= 3 && MarkdownLineSyntax.TryParseHeading(content, out var level, out _) ? level : 0;
        string? itemTitle = null;
        if (headingLevel == 0 && MarkdownLineSyntax.TryParseListMarker(content, out var body)
            && MarkdownLineSyntax.TryParseCheckbox(body, out _, out var itemText, out _))
        {
            itemTitle = MarkdownLineSyntax.LeadingBoldLabel(itemText) ?? itemText;
        }

        ReadinessClaimScanner.Scan(text, raw, lineNumber, headingLevel, itemTitle, claims);
    }

    private void ProcessTableRow(int index, string raw, string content)
    {
        var lineNumber = index + 1;
        if (MarkdownLineSyntax.IsTableDelimiterRow(content))
        {
            inTable = true;
            Skip(lineNumber, SkipReason.TableRow, raw);
            return;
        }

        if (!inTable)
        {
            inTable = true;
            tableHeader = null;
            if (index + 1 < lines.Count && MarkdownLineSyntax.IsTableDelimiterRow(lines[index + 1]))
            {
                tableHeader = MarkdownLineSyntax.SplitTableRow(content);
                Skip(lineNumber, SkipReason.TableRow, raw);
                return;
            }
        }

        var cells = MarkdownLineSyntax.SplitTableRow(content);
        ReadinessClaimScanner.ScanTableRow(cells, tableHeader, raw, lineNumber, claims);
        if (SignOffLineParser.TryParseTableRow(cells, tableHeader, out var fields, out var isChecked))
        {
            AddSignOff(lineNumber, raw, fields, isChecked);
        }
        else if (TableItemReader.TryRead(cells, tableHeader, out var itemText, out var ticked, out var details))
        {
            AddItem(lineNumber, null, itemText, ticked).Details.AddRange(details);
        }
        else
        {
            Skip(lineNumber, SkipReason.TableRow, raw);
        }
    }

    private void ProcessListItem(int lineNumber, string raw, int columns, string body)
    {
        EndListsAt(columns);
        var parent = NearestItem();
        var hasCheckbox = MarkdownLineSyntax.TryParseCheckbox(body, out var isChecked, out var itemText, out var unrecognized);
        if (parent is null && SignOffLineParser.IsAuthorshipLine(hasCheckbox ? itemText : body))
        {
            Skip(lineNumber, SkipReason.Authorship, raw);
            lists.Add(new ListFrame(columns, null));
            return;
        }

        if (SignOffLineParser.TryParseLine(hasCheckbox ? itemText : body, InSignOffSection, out var fields))
        {
            AddSignOff(lineNumber, raw, fields, hasCheckbox ? isChecked : null);
            lists.Add(new ListFrame(columns, null));
            return;
        }

        if (hasCheckbox)
        {
            lists.Add(new ListFrame(columns, AddItem(lineNumber, parent, itemText, isChecked)));
            return;
        }

        if (unrecognized)
        {
            Warn(ChecklistWarningKind.UnrecognizedCheckbox, lineNumber, $"Line {lineNumber} starts with a bracket marker that is not a checkbox; use '[ ]' or '[x]' to make it an item.");
        }

        lists.Add(new ListFrame(columns, null));
        if (parent is not null)
        {
            parent.Details.Add(body);
        }
        else
        {
            Skip(lineNumber, MarkdownLineSyntax.HasBlank(body) ? SkipReason.FormField : SkipReason.ListItemWithoutCheckbox, raw);
        }
    }

    private void ProcessParagraph(int lineNumber, string raw, int columns, string content)
    {
        // After a blank line, text belongs to the list entries it is indented under; without one it continues the last.
        if (previousBlank)
        {
            EndListsAt(columns);
        }

        if (SignOffLineParser.IsAuthorshipLine(content))
        {
            Skip(lineNumber, SkipReason.Authorship, raw);
            return;
        }

        if (SignOffLineParser.TryParseLine(content, InSignOffSection, out var fields))
        {
            AddSignOff(lineNumber, raw, fields, null);
            return;
        }

        var item = NearestItem();
        if (item is not null)
        {
            item.Details.Add(content);
            return;
        }

        // A paragraph that is a label ("**After launch:**") heads the items and sign-offs below it; other text ends that.
        label = MarkdownLineSyntax.AsLabel(content);
        Skip(lineNumber, MarkdownLineSyntax.HasBlank(content) ? SkipReason.FormField : SkipReason.PlainText, raw);
    }

    private void AddHeading(int lineNumber, int level, string heading)
    {
        while (headings.Count > 0 && headings[^1].Level >= level)
        {
            headings.RemoveAt(headings.Count - 1);
        }

        var parent = CurrentHeading;
        var isTitle = level == 1 && title is null;
        title ??= isTitle ? heading : null;
        var slug = ChecklistSlug.Create(heading);
        slug = slug.Length == 0 ? "section" : slug;
        var baseId = parent is null || parent.IsTitle ? slug : $"{parent.Id}/{slug}";
        var id = baseId;
        for (var n = 2; !sectionIds.Add(id); n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{baseId}-{n}");
        }

        IReadOnlyList<string> path = parent is null ? [heading] : [.. parent.Path, heading];
        label = null;
        var isSignOff = (parent?.IsSignOff ?? false) || (!isTitle && SignOffHeadings.IsSignOffHeading(heading));
        headings.Add(new ChecklistHeadingFrame(level, id, path, isTitle, isSignOff));
        sections.Add(new ChecklistSection { Id = id, Heading = heading, Level = level, Path = path, Line = lineNumber });
    }

    private ChecklistItemBuilder AddItem(int lineNumber, ChecklistItemBuilder? parent, string text, bool isChecked)
    {
        var section = CurrentHeading;
        string id;
        if (parent is not null)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{parent.Id}.{++parent.ChildCount}");
        }
        else if (section is not null)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{section.Id}.{++section.ItemCount}");
        }
        else
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{RootId}.{++rootItemCount}");
        }

        if (text.Length == 0)
        {
            Warn(ChecklistWarningKind.EmptyItem, lineNumber, $"The checkbox on line {lineNumber} has no text.");
        }

        var bold = MarkdownLineSyntax.LeadingBoldLabel(text);
        (string? Label, string? Title) marker = bold is not null && ChecklistPriorityMarker.IsMarker(bold) && MarkdownLineSyntax.AfterLeadingBold(text) is { Length: > 0 } rest
            ? (bold, MarkdownLineSyntax.LeadingBoldLabel(rest) ?? rest)
            : ChecklistPriorityMarker.Trailing(text) is { } closing
                ? (closing.Marker, MarkdownLineSyntax.LeadingBoldLabel(closing.Title) ?? closing.Title)
                : (null, null);
        var item = new ChecklistItemBuilder
        {
            Id = id,
            Title = marker.Title ?? bold ?? text,
            PriorityMarker = marker.Label,
            Text = text,
            IsChecked = isChecked,
            Depth = parent is null ? 0 : parent.Depth + 1,
            ParentId = parent?.Id,
            Line = lineNumber,
            SectionId = section?.Id,
            SectionPath = CurrentPath,
            Label = parent?.Label ?? label,
        };
        items.Add(item);
        return item;
    }

    private void AddSignOff(int lineNumber, string raw, SignOffFields fields, bool? isChecked)
    {
        if (isChecked == true && fields.Status == SignOffStatus.Blank)
        {
            Warn(ChecklistWarningKind.CheckedSignOffWithBlanks, lineNumber, $"The sign-off for '{fields.Role}' on line {lineNumber} is ticked but nobody filled in its blanks.");
        }

        signOffs.Add(new ChecklistSignOff
        {
            Role = fields.Role,
            RawLine = raw,
            Line = lineNumber,
            Status = fields.Status,
            SignedBy = fields.SignedBy,
            DateText = fields.DateText,
            IsChecked = isChecked,
            SectionPath = CurrentPath,
            Attestation = fields.Attestation,
            Label = label,
        });
    }

    private ChecklistItemBuilder? NearestItem()
    {
        for (var i = lists.Count - 1; i >= 0; i--)
        {
            if (lists[i].Item is { } item)
            {
                return item;
            }
        }

        return null;
    }

    // An entry stays open for lines indented past its marker; tabs count to the next multiple of 4.
    private void EndListsAt(int columns)
    {
        while (lists.Count > 0 && lists[^1].MarkerColumn >= columns)
        {
            lists.RemoveAt(lists.Count - 1);
        }
    }

    private void Skip(int lineNumber, SkipReason reason, string raw) =>
        skipped.Add(new SkippedLine { Line = lineNumber, Reason = reason, Text = raw });

    private void Warn(ChecklistWarningKind kind, int lineNumber, FormattableString message) =>
        warnings.Add(new ChecklistWarning { Kind = kind, Line = lineNumber, Message = FormattableString.Invariant(message) });

    // An open list entry: the column of its marker and, for a checkbox entry, the item it created.
    private readonly record struct ListFrame(int MarkerColumn, ChecklistItemBuilder? Item);
}
