namespace ComplianceKit.Checklists;

/// <summary>A problem found while parsing that did not prevent a result.</summary>
public sealed record ChecklistWarning
{
    /// <summary>What kind of problem it is.</summary>
    public required ChecklistWarningKind Kind { get; init; }

    /// <summary>The first 1-based line concerned, or <see langword="null"/> when the problem is not tied to a line.</summary>
    public int? Line { get; init; }

    /// <summary>A human-readable description for the person who owns the checklist.</summary>
    public required string Message { get; init; }
}
