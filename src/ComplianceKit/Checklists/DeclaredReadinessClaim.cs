namespace ComplianceKit.Checklists;

/// <summary>
/// A readiness percentage written into a checklist, such as <c>95% ready</c>, <c>Readiness: 95%</c>, a score table's
/// total row or <c>Launch confidence: **92%**</c>. It is what the authors declared, not what the items show.
/// Thresholds (<c>error rate &lt; 1%</c>), rollout fractions (<c>10% of users</c>), targets (<c>coverage 80%+</c>) and
/// measurements of something else are never claims.
/// </summary>
public sealed record DeclaredReadinessClaim
{
    /// <summary>The 1-based line number.</summary>
    public required int Line { get; init; }

    /// <summary>The declared percentage as written, for example 95 or 99.5.</summary>
    public required decimal Percent { get; init; }

    /// <summary>The matched phrase with <c>**</c> removed, for example <c>95% ready</c> or <c>Readiness: 95%</c>.</summary>
    public required string Text { get; init; }

    /// <summary>The whole source line, unchanged.</summary>
    public required string LineText { get; init; }

    /// <summary>Whether the figure is about the whole document or one component of it.</summary>
    public ReadinessClaimScope Scope { get; init; }

    /// <summary>The component a <see cref="ReadinessClaimScope.Component"/> claim is about (a row label, an item title); otherwise <see langword="null"/>.</summary>
    public string? Component { get; init; }

    /// <summary>Where the figure was written.</summary>
    public ReadinessClaimForm Form { get; init; }
}
