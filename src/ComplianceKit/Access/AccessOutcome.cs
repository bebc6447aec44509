namespace ComplianceKit.Access;

/// <summary>How the access decision went. Each outcome is its own entry type (see <see cref="AccessEntryTypes"/>), so denied and break-glass events are an indexed lookup.</summary>
public enum AccessOutcome
{
    /// <summary>Access was permitted by the ordinary rules.</summary>
    Allowed,

    /// <summary>Access was refused.</summary>
    Denied,

    /// <summary>Access was refused by the ordinary rules but the user invoked emergency ("break-glass") access.</summary>
    BreakGlass,
}
