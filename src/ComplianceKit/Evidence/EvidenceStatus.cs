namespace ComplianceKit.Evidence;

/// <summary>Whether a control has current evidence at an instant; values grow with severity.</summary>
public enum EvidenceStatus
{
    /// <summary>Evidence in force that does not end within the warning window.</summary>
    Current = 0,

    /// <summary>Evidence in force that ends within the warning window (for example 30 days).</summary>
    Expiring = 10,

    /// <summary>The best evidence there is has ended (its valid-until date passed or it went stale by age).</summary>
    Expired = 20,

    /// <summary>No evidence in force: none attached, none effective yet, or all withdrawn.</summary>
    Missing = 30,
}
