namespace ComplianceKit.Checklists;

/// <summary>
/// A readiness percentage written into a checklist, such as <c>95% ready</c>, <c>100% complete</c>,
/// <c>95% HIPAA compliant</c> or <c>Readiness: 95%</c>. It is what the authors declared, not what the items show.
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
}
