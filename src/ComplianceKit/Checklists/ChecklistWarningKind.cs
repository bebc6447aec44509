namespace ComplianceKit.Checklists;

/// <summary>The kinds of <see cref="ChecklistWarning"/>.</summary>
public enum ChecklistWarningKind
{
    /// <summary>The bytes were not valid in the detected encoding; invalid sequences became U+FFFD.</summary>
    InvalidEncoding = 0,

    /// <summary>The text looks like UTF-8 that was decoded as Windows-1252 or Latin-1 (for example <c>âœ…</c>); it was kept as is because the repair was ambiguous.</summary>
    SuspectedMojibake = 1,

    /// <summary>A fenced code block was never closed, so everything after it was skipped.</summary>
    UnclosedCodeBlock = 2,

    /// <summary>An HTML comment was never closed, so everything after it was skipped.</summary>
    UnclosedHtmlComment = 3,

    /// <summary>A bullet starts with a bracket marker that is not a checkbox, such as <c>[-]</c>, <c>[~]</c> or <c>[]</c>.</summary>
    UnrecognizedCheckbox = 4,

    /// <summary>A checkbox item has no text.</summary>
    EmptyItem = 5,

    /// <summary>A sign-off's checkbox is ticked although its blanks are still empty.</summary>
    CheckedSignOffWithBlanks = 6,

    /// <summary>
    /// The text was UTF-8 decoded as Windows-1252 and saved again (<c>â€”</c> for <c>—</c>); the repair was unambiguous and was
    /// made before parsing. The message says how many sequences were repaired.
    /// </summary>
    MojibakeRepaired = 7,
}
