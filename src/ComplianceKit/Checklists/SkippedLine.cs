namespace ComplianceKit.Checklists;

/// <summary>A non-blank line that was not imported as a heading, item, item detail or sign-off.</summary>
public sealed record SkippedLine
{
    /// <summary>The 1-based line number.</summary>
    public required int Line { get; init; }

    /// <summary>Why the line was not imported.</summary>
    public required SkipReason Reason { get; init; }

    /// <summary>The source line, unchanged.</summary>
    public required string Text { get; init; }
}
