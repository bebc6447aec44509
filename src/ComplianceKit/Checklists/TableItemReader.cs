namespace ComplianceKit.Checklists;

/// <summary>
/// Reads a table data row that holds one task marker in a cell (<c>| [x] | BAA signed |</c>, <c>| BAA with AWS | Legal | ✅ Done |</c>)
/// as a checklist item. Its title is the cell under a task-like header (Item, Task, Requirement, Control, ...), else the first
/// other non-empty cell; the other cells become details, labelled with their header (<c>Owner: Legal</c>). A row with two
/// markers (one per environment, say) is ambiguous and is not an item.
/// </summary>
internal static class TableItemReader
{
    private static readonly HashSet<string> TitleHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "item", "items", "task", "tasks", "requirement", "requirements", "control", "controls", "check", "checks", "checklist item",
        "description", "step", "steps", "action", "actions", "activity", "deliverable", "criterion", "criteria", "name", "what",
    };

    internal static bool TryRead(List<string> cells, IReadOnlyList<string>? header, out string text, out bool isChecked, out List<string> details)
    {
        text = string.Empty;
        isChecked = false;
        details = [];
        var markerIndex = -1;
        var markerRest = string.Empty;
        for (var i = 0; i < cells.Count; i++)
        {
            if (!MarkdownLineSyntax.TryParseCheckbox(cells[i], out var ticked, out var rest, out _))
            {
                continue;
            }

            if (markerIndex >= 0)
            {
                return false;
            }

            (markerIndex, isChecked, markerRest) = (i, ticked, rest);
        }

        if (markerIndex < 0)
        {
            return false;
        }

        var titleIndex = IndexOfTitle(cells, header, markerIndex);
        if (titleIndex < 0 && markerRest.Length == 0)
        {
            return false;
        }

        text = titleIndex < 0 ? markerRest : cells[titleIndex];
        for (var i = 0; i < cells.Count; i++)
        {
            var value = i == markerIndex ? (titleIndex < 0 ? string.Empty : markerRest) : cells[i];
            if (i != titleIndex && value.Length > 0)
            {
                var name = HeaderName(header, i);
                details.Add(name.Length > 0 ? $"{name}: {value}" : value);
            }
        }

        return true;
    }

    private static int IndexOfTitle(List<string> cells, IReadOnlyList<string>? header, int markerIndex)
    {
        if (header is not null)
        {
            for (var i = 0; i < cells.Count && i < header.Count; i++)
            {
                if (i != markerIndex && cells[i].Length > 0 && TitleHeaders.Contains(HeaderName(header, i)))
                {
                    return i;
                }
            }
        }

        for (var i = 0; i < cells.Count; i++)
        {
            if (i != markerIndex && cells[i].Length > 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string HeaderName(IReadOnlyList<string>? header, int column) =>
        header is not null && column < header.Count ? header[column].Replace("**", string.Empty, StringComparison.Ordinal).Trim() : string.Empty;
}
