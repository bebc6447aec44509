namespace ComplianceKit.Checklists;

/// <summary>Limits for <see cref="MarkdownChecklistParser"/>.</summary>
public sealed record MarkdownChecklistParserOptions
{
    /// <summary>The default <see cref="MaxInputLength"/>: 64 MiB, far above any hand-written checklist.</summary>
    public const int DefaultMaxInputLength = 64 * 1024 * 1024;

    /// <summary>
    /// The largest input accepted, in characters for text and in bytes for streams. Larger input throws
    /// <see cref="ChecklistFormatException"/> before it is decoded, so an upload cannot exhaust memory.
    /// </summary>
    public int MaxInputLength { get; init; } = DefaultMaxInputLength;
}
