namespace ComplianceKit.Checklists;

/// <summary>A GitHub-style task list item: <c>- [ ]</c>, <c>* [x]</c>, <c>+ [X]</c> or <c>1. [ ]</c>.</summary>
public sealed record ChecklistItem
{
    /// <summary>
    /// A deterministic identifier derived from position: the section's <see cref="ChecklistSection.Id"/>
    /// (or <c>root</c> before the first heading), a dot and the 1-based position among the section's top-level items,
    /// for example <c>pre-deployment/security.3</c>; a nested item appends its position under its parent (<c>security.3.2</c>).
    /// The same text always yields the same identifiers; inserting an item renumbers the items after it.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>
    /// The bold label when the text starts with <c>**Label**</c> or <c>**Label:**</c> (without the colon); otherwise <see cref="Text"/>.
    /// A bold label that is only a priority word is not the title: <c>**CRITICAL**: Pen test remediated</c> has the title
    /// <c>Pen test remediated</c> and the <see cref="PriorityMarker"/> <c>CRITICAL</c>.
    /// </summary>
    public required string Title { get; init; }

    /// <summary>The item text after the checkbox, markdown kept, trimmed, with HTML comments removed.</summary>
    public required string Text { get; init; }

    /// <summary><see langword="true"/> for <c>[x]</c> or <c>[X]</c>, <see langword="false"/> for <c>[ ]</c>.</summary>
    public required bool IsChecked { get; init; }

    /// <summary>The number of checkbox items this item is nested under; 0 exactly when <see cref="ParentId"/> is <see langword="null"/>.</summary>
    public required int Depth { get; init; }

    /// <summary>The <see cref="Id"/> of the nearest enclosing checkbox item, or <see langword="null"/> for a top-level item.</summary>
    public string? ParentId { get; init; }

    /// <summary>The text of the non-checkbox sub-bullets (marker removed) and continuation lines under the item, in order.</summary>
    public required IReadOnlyList<string> Details { get; init; }

    /// <summary>The 1-based line of the checkbox.</summary>
    public required int Line { get; init; }

    /// <summary>The <see cref="ChecklistSection.Id"/> of the enclosing section, or <see langword="null"/> before the first heading.</summary>
    public string? SectionId { get; init; }

    /// <summary>The enclosing headings, outermost first; empty before the first heading.</summary>
    public required IReadOnlyList<string> SectionPath { get; init; }

    /// <summary>
    /// The label line the item stands under within its section (<c>**After launch:**</c>), colon and emphasis removed;
    /// <see langword="null"/> when there is none. Nested items carry their parent's.
    /// </summary>
    public string? Label { get; init; }

    /// <summary>
    /// The priority word the item opens with in bold (<c>CRITICAL</c>, <c>P0</c>, <c>Optional</c>), or <see langword="null"/>.
    /// The importer reads the item's criticality from it before its headings and labels.
    /// </summary>
    public string? PriorityMarker { get; init; }
}
