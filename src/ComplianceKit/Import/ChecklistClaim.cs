namespace ComplianceKit.Import;

/// <summary>A readiness figure a checklist declared in its text, kept to contrast it with the computed one.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Percent">The declared percentage.</param>
/// <param name="Text">The phrase, for example <c>95% ready</c>.</param>
public sealed record ChecklistClaim(int Line, decimal Percent, string Text);
