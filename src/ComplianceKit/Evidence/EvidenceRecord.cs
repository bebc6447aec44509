using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// A piece of evidence as the projection holds it (table <c>ck_evidence</c>), built from its
/// <c>evidence.attached</c> entry and any <c>evidence.withdrawn</c> entry.
/// </summary>
public sealed class EvidenceRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The evidence id.</summary>
    public required string EvidenceId { get; set; }

    /// <summary>The control it supports.</summary>
    public required string ControlId { get; set; }

    /// <summary>The evidence kind.</summary>
    public required string Kind { get; set; }

    /// <summary>How it was recorded: self-attested, documented, or signed (signature still to be checked against trust anchors).</summary>
    public EvidenceAssurance Assurance { get; set; }

    /// <summary>SHA-256 of the artifact, lower-case hex.</summary>
    public string? ArtifactSha256 { get; set; }

    /// <summary>The artifact's media type.</summary>
    public string? MediaType { get; set; }

    /// <summary>The artifact's file name.</summary>
    public string? FileName { get; set; }

    /// <summary>Where the artifact is kept.</summary>
    public string? Uri { get; set; }

    /// <summary>When it was collected.</summary>
    public Instant CollectedAt { get; set; }

    /// <summary>From when it counts; freshness counts from here.</summary>
    public Instant EffectiveAt { get; set; }

    /// <summary>When it stops counting, if stated.</summary>
    public Instant? ValidUntil { get; set; }

    /// <summary>Who collected it.</summary>
    public required string CollectedBy { get; set; }

    /// <summary>What produced it, for example <c>checklist:&lt;gate&gt;</c>.</summary>
    public string? Source { get; set; }

    /// <summary>A note for the reviewer.</summary>
    public string? Note { get; set; }

    /// <summary>The canonical statement bytes the signature covers, for signed evidence.</summary>
    public byte[]? SignedStatement { get; set; }

    /// <summary>The detached CMS signature, for signed evidence.</summary>
    public byte[]? Signature { get; set; }

    /// <summary>The sequence of the <c>evidence.attached</c> entry.</summary>
    public long Sequence { get; set; }

    /// <summary>When the ledger recorded the attachment.</summary>
    public Instant RecordedAt { get; set; }

    /// <summary>When the ledger recorded its withdrawal, if withdrawn.</summary>
    public Instant? WithdrawnAt { get; set; }

    /// <summary>The sequence of the withdrawal, or of the checklist import that superseded it.</summary>
    public long? WithdrawnSequence { get; set; }

    /// <summary>Why it was withdrawn.</summary>
    public string? WithdrawalReason { get; set; }

    /// <summary>A copy (navigations unset), for a snapshot the projector will not change later.</summary>
    internal EvidenceRecord Copy() => (EvidenceRecord)MemberwiseClone();
}
