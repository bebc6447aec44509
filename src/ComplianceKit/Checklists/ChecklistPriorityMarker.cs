namespace ComplianceKit.Checklists;

/// <summary>
/// A bold priority word that opens an item (<c>**CRITICAL**: Pen test remediated</c>, <c>**P0** Backups restored</c>): it says
/// how much the item matters, it is not the item's title.
/// </summary>
internal static class ChecklistPriorityMarker
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "critical", "blocker", "blocking", "showstopper", "required", "mandatory", "must", "must have", "urgent", "p0", "p1", "p2",
        "p3", "high", "high priority", "medium", "medium priority", "low", "low priority", "important", "recommended", "should",
        "should have", "optional", "nice to have",
    };

    /// <summary>Whether the bold label is only a priority word (case, hyphens, underscores and a trailing "!" ignored).</summary>
    internal static bool IsMarker(string label)
    {
        var normalized = label.Trim().TrimEnd('!', ':').Replace('-', ' ').Replace('_', ' ').Trim();
        return Words.Contains(normalized);
    }
}
