using ComplianceKit.Checklists;

namespace ComplianceKit.Import;

/// <summary>A readiness figure a checklist declared in its text, kept to contrast it with the computed one.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Percent">The declared percentage.</param>
/// <param name="Text">The phrase, for example <c>95% ready</c>.</param>
/// <param name="Scope">Whether it is about the whole document or one component; <see langword="null"/> in imports recorded before scopes were read.</param>
/// <param name="Component">The component a component claim is about; otherwise <see langword="null"/>.</param>
public sealed record ChecklistClaim(int Line, decimal Percent, string Text, ReadinessClaimScope? Scope = null, string? Component = null)
{
    /// <summary>The claim as an import records it.</summary>
    public static ChecklistClaim From(DeclaredReadinessClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new ChecklistClaim(claim.Line, claim.Percent, claim.Text, claim.Scope, claim.Component);
    }
}
