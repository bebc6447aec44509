namespace ComplianceKit.Checklists;

/// <summary>Decoded checklist text, the encoding that was used, and a warning when bytes were replaced.</summary>
internal readonly record struct DecodedChecklistText(string Text, string EncodingName, ChecklistWarning? Warning);
