namespace ComplianceKit.Checklists;

/// <summary>A markdown heading and its place in the heading hierarchy.</summary>
public sealed record ChecklistSection
{
    /// <summary>
    /// A deterministic identifier: the slugs of the enclosing headings joined with <c>/</c>
    /// (the document title is left out), made unique with a <c>-2</c>, <c>-3</c> suffix when headings repeat.
    /// Item identifiers start with it.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The heading text as written (emoji and punctuation kept), trimmed, without the closing <c>#</c> run.</summary>
    public required string Heading { get; init; }

    /// <summary>The heading level, 1 to 6.</summary>
    public required int Level { get; init; }

    /// <summary>The headings from the outermost down to this one, inclusive; the last element equals <see cref="Heading"/>.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>The 1-based line of the heading.</summary>
    public required int Line { get; init; }
}
