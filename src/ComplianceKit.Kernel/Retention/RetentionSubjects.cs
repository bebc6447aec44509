namespace ComplianceKit.Retention;

/// <summary>The subjects of retention's entries (docs/FORMAT.md, "Retention").</summary>
public static class RetentionSubjects
{
    /// <summary>The subject of a policy's definition, override, retirement and purge entries.</summary>
    public static string Policy(string policyId) => $"retention-policy:{policyId}";

    /// <summary>The subject of a hold's placement and release entries.</summary>
    public static string Hold(string holdId) => $"hold:{holdId}";
}
