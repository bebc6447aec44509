namespace ComplianceKit.Checklists;

/// <summary>
/// The result of parsing one markdown checklist: its headings, checkbox items, sign-off lines,
/// the readiness claims it declares, and every non-blank line that was not imported, with the reason.
/// </summary>
/// <remarks>
/// Instances are immutable once returned by <see cref="MarkdownChecklistParser"/> and safe to share
/// between threads. All line numbers are 1-based and count CRLF, LF and lone CR as one line break each.
/// </remarks>
public sealed record ChecklistDocument
{
    /// <summary>The name the caller gave the source (for example a file name), or <see langword="null"/>.</summary>
    public string? SourceName { get; init; }

    /// <summary>
    /// The encoding detected when parsing from a stream (<c>utf-8</c>, <c>utf-16</c>, <c>utf-16BE</c>,
    /// <c>utf-32</c>, <c>utf-32BE</c>); <see langword="null"/> when the caller supplied text.
    /// </summary>
    public string? SourceEncoding { get; init; }

    /// <summary>The text of the first level-1 heading, or <see langword="null"/> when there is none.</summary>
    public string? Title { get; init; }

    /// <summary>Number of lines in the source, including blank lines.</summary>
    public required int LineCount { get; init; }

    /// <summary>Every ATX heading (<c>#</c> to <c>######</c>) outside code blocks and comments, in document order.</summary>
    public required IReadOnlyList<ChecklistSection> Sections { get; init; }

    /// <summary>Every checkbox item, nested ones included, in document order.</summary>
    public required IReadOnlyList<ChecklistItem> Items { get; init; }

    /// <summary>Every sign-off line (a role followed by blanks, or a filled-in signature), in document order.</summary>
    public required IReadOnlyList<ChecklistSignOff> SignOffs { get; init; }

    /// <summary>Non-blank lines that are neither headings, items, item details nor sign-offs, with the reason.</summary>
    public required IReadOnlyList<SkippedLine> SkippedLines { get; init; }

    /// <summary>Problems that did not stop parsing, such as invalid UTF-8 or an unclosed code block.</summary>
    public required IReadOnlyList<ChecklistWarning> Warnings { get; init; }

    /// <summary>
    /// Readiness percentages the authors wrote into the text (for example <c>95% ready</c> or <c>Ready: 95%</c>),
    /// kept so that a declared figure can be contrasted with one computed from the items.
    /// </summary>
    public required IReadOnlyList<DeclaredReadinessClaim> DeclaredClaims { get; init; }

    /// <summary>
    /// The document's headline claim: the first <see cref="ReadinessClaimScope.Overall"/> figure (an overall figure wins over a
    /// component's, wherever it stands); <see langword="null"/> when the document declares no figure for the whole.
    /// </summary>
    public DeclaredReadinessClaim? HeadlineClaim => DeclaredClaims.FirstOrDefault(c => c.Scope == ReadinessClaimScope.Overall);
}
