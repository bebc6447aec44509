namespace ComplianceKit.Checklists;

/// <summary>
/// A sign-off line: a role label, a colon and a blank of three or more underscores
/// (<c>Compliance Officer: ______ Date: ____</c>), the same line once filled in, or a row of a sign-off table.
/// A sign-off line is never also a <see cref="ChecklistItem"/>.
/// </summary>
public sealed record ChecklistSignOff
{
    /// <summary>The role as written, emphasis removed, for example <c>Compliance Officer</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The whole source line, unchanged.</summary>
    public required string RawLine { get; init; }

    /// <summary>The 1-based line number.</summary>
    public required int Line { get; init; }

    /// <summary>Whether the blanks are still empty, partly filled or all filled.</summary>
    public required SignOffStatus Status { get; init; }

    /// <summary>The name or signature text written for the role, or <see langword="null"/> while blank. Not verified in any way.</summary>
    public string? SignedBy { get; init; }

    /// <summary>The text written in a <c>Date</c> field, or <see langword="null"/> while blank. Kept as text, not parsed.</summary>
    public string? DateText { get; init; }

    /// <summary>The state of a checkbox in front of the line, or <see langword="null"/> when there is none.</summary>
    public bool? IsChecked { get; init; }

    /// <summary>The enclosing headings, outermost first.</summary>
    public required IReadOnlyList<string> SectionPath { get; init; }

    /// <summary>
    /// What the role attests, when the line states it instead of leaving a blank for a name
    /// (<c>Security Lead: No open findings</c>); <see langword="null"/> otherwise.
    /// </summary>
    public string? Attestation { get; init; }

    /// <summary>
    /// The label line the sign-off stands under within its section (<c>**Post-Deployment Sign-off:**</c>), colon and emphasis
    /// removed; <see langword="null"/> when there is none.
    /// </summary>
    public string? Label { get; init; }
}
