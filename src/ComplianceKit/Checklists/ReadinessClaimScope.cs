namespace ComplianceKit.Checklists;

/// <summary>What a declared readiness figure is about.</summary>
public enum ReadinessClaimScope
{
    /// <summary>The whole release or document ("Overall readiness: 92%", a table's total row, the title's "95% ready").</summary>
    Overall = 0,

    /// <summary>One part of it ("Security: 90% ready", a component's row in a score table, a checkbox item's own figure).</summary>
    Component = 1,
}
