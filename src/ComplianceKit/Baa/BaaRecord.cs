using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>An agreement as the projection holds it (table <c>ck_baas</c>): its latest terms, execution, termination and PHI disposition.</summary>
public sealed class BaaRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The agreement's id.</summary>
    public required string BaaId { get; set; }

    /// <summary>The vendor.</summary>
    public required string VendorId { get; set; }

    /// <summary>The upstream agreement of a subcontractor agreement.</summary>
    public string? ParentBaaId { get; set; }

    /// <summary>The services covered.</summary>
    public IReadOnlyList<string> Services { get; set; } = [];

    /// <summary>The categories of PHI involved.</summary>
    public IReadOnlyList<string> PhiCategories { get; set; } = [];

    /// <summary>The permitted uses and disclosures.</summary>
    public IReadOnlyList<string> PermittedUses { get; set; } = [];

    /// <summary>When the agreement takes effect.</summary>
    public Instant? EffectiveAt { get; set; }

    /// <summary>When its term ends.</summary>
    public Instant? ExpiresAt { get; set; }

    /// <summary>Whether its term renews automatically.</summary>
    public bool AutoRenew { get; set; }

    /// <summary>SHA-256 of the executed document.</summary>
    public string? DocumentSha256 { get; set; }

    /// <summary>Who signed.</summary>
    public IReadOnlyList<BaaSignatory> Signatories { get; set; } = [];

    /// <summary>The clause ids the agreement contains.</summary>
    public IReadOnlyList<string> Clauses { get; set; } = [];

    /// <summary>When the ledger recorded the first draft, if there was one.</summary>
    public Instant? DraftedAt { get; set; }

    /// <summary>When both parties had signed, as stated.</summary>
    public Instant? ExecutedAt { get; set; }

    /// <summary>When the ledger recorded the execution; the agreement counts as executed only from here.</summary>
    public Instant? ExecutionRecordedAt { get; set; }

    /// <summary>The sequence of the <c>baa.executed</c> entry in force.</summary>
    public long? ExecutedSequence { get; set; }

    /// <summary>When a termination takes effect.</summary>
    public Instant? TerminatedAt { get; set; }

    /// <summary>Why it was terminated.</summary>
    public string? TerminationReason { get; set; }

    /// <summary>What happened to the PHI after it ended.</summary>
    public PhiDisposition? Disposition { get; set; }

    /// <summary>SHA-256 of the disposition evidence.</summary>
    public string? DispositionEvidenceSha256 { get; set; }

    /// <summary>When the return or destruction was completed.</summary>
    public Instant? DispositionCompletedAt { get; set; }

    /// <summary>The sequence of the last entry applied to the row.</summary>
    public long Sequence { get; set; }

    /// <summary>The vendor.</summary>
    public VendorRecord? Vendor { get; set; }

    /// <summary>A copy without its vendor link, for a snapshot the projector will not change later.</summary>
    internal BaaRecord Copy()
    {
        var copy = (BaaRecord)MemberwiseClone();
        copy.Vendor = null;
        return copy;
    }
}
