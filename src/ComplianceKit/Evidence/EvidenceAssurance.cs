namespace ComplianceKit.Evidence;

/// <summary>How strongly a piece of evidence shows what it claims, from weakest to strongest.</summary>
public enum EvidenceAssurance
{
    /// <summary>Someone ticked a box or said so; no artifact and no signature. Unsigned, and the weakest evidence.</summary>
    SelfAttested = 0,

    /// <summary>An artifact identified by its SHA-256 digest (a report, a screenshot, an export), unsigned.</summary>
    Documented = 1,

    /// <summary>A documented artifact whose statement the collector signed (detached CMS), and the signature verifies.</summary>
    SignedArtifact = 2,
}
