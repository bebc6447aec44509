namespace ComplianceKit.Checklists;

/// <summary>An open heading while parsing: its identity, its place in the path, and how many items it has numbered.</summary>
internal sealed class ChecklistHeadingFrame(int level, string id, IReadOnlyList<string> path, bool isTitle, bool isSignOff)
{
    public int Level { get; } = level;

    public string Id { get; } = id;

    public IReadOnlyList<string> Path { get; } = path;

    /// <summary>The document title (first level-1 heading); its slug is left out of the ids beneath it.</summary>
    public bool IsTitle { get; } = isTitle;

    /// <summary>This heading or an enclosing one (not the title) names a sign-off or approval section.</summary>
    public bool IsSignOff { get; } = isSignOff;

    public int ItemCount { get; set; }
}
