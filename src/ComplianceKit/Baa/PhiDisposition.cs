namespace ComplianceKit.Baa;

/// <summary>What happened to the PHI a business associate held when its agreement ended (45 CFR 164.504(e)(2)(ii)(J)).</summary>
public enum PhiDisposition
{
    /// <summary>Returned to the covered entity.</summary>
    Returned = 0,

    /// <summary>Destroyed, with no copies retained.</summary>
    Destroyed = 1,

    /// <summary>Return or destruction is infeasible; the agreement's protections extend to the retained PHI.</summary>
    InfeasibleProtectionsExtended = 2,
}
