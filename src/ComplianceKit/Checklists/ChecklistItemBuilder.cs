namespace ComplianceKit.Checklists;

/// <summary>A <see cref="ChecklistItem"/> under construction: details and children are added while later lines are read.</summary>
internal sealed class ChecklistItemBuilder
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Text { get; init; }

    public required bool IsChecked { get; init; }

    public required int Depth { get; init; }

    public string? ParentId { get; init; }

    public required int Line { get; init; }

    public string? SectionId { get; init; }

    public required IReadOnlyList<string> SectionPath { get; init; }

    public string? Label { get; init; }

    public string? PriorityMarker { get; init; }

    public List<string> Details { get; } = [];

    public int ChildCount { get; set; }

    public ChecklistItem Build() => new()
    {
        Id = Id,
        Title = Title,
        Text = Text,
        IsChecked = IsChecked,
        Depth = Depth,
        ParentId = ParentId,
        Details = Details,
        Line = Line,
        SectionId = SectionId,
        SectionPath = SectionPath,
        Label = Label,
        PriorityMarker = PriorityMarker,
    };
}
