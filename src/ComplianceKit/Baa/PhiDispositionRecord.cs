using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>
/// Evidence that the PHI held under a terminated agreement was returned or destroyed: the payload of a
/// <c>baa.disposition.recorded</c> entry (subject <c>baa:&lt;id&gt;</c>). The evidence is a document
/// (a certificate of destruction, a return receipt) identified by its SHA-256 digest.
/// </summary>
public sealed record PhiDispositionRecord
{
    /// <summary>The agreement.</summary>
    public required string BaaId { get; init; }

    /// <summary>What happened to the PHI.</summary>
    public required PhiDisposition Disposition { get; init; }

    /// <summary>SHA-256 of the evidence document, lower-case hex.</summary>
    public required string EvidenceSha256 { get; init; }

    /// <summary>When the return or destruction was completed.</summary>
    public required Instant CompletedAt { get; init; }

    /// <summary>Validates the record and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(BaaId, nameof(BaaId));
        DomainText.RequireSha256(EvidenceSha256, nameof(EvidenceSha256), required: true);
        return new EntryDraft(BaaEntryTypes.DispositionRecorded, $"baa:{BaaId}", actor, PayloadCodec.Encode(this), CompletedAt);
    }

    /// <summary>Reads a <c>baa.disposition.recorded</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static PhiDispositionRecord FromEntry(LedgerEntry entry) => PayloadCodec.Decode<PhiDispositionRecord>(entry);
}
