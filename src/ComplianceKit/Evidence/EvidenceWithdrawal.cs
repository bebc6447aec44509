using ComplianceKit.Domain;
using ComplianceKit.Ledger;

namespace ComplianceKit.Evidence;

/// <summary>The payload of an <c>evidence.withdrawn</c> entry (subject <c>control:&lt;id&gt;</c>): the evidence no longer counts from the entry's recording.</summary>
public sealed record EvidenceWithdrawal
{
    /// <summary>The evidence withdrawn.</summary>
    public required string EvidenceId { get; init; }

    /// <summary>The control it was attached to.</summary>
    public required string ControlId { get; init; }

    /// <summary>Why it is withdrawn.</summary>
    public required string Reason { get; init; }

    /// <summary>Validates the withdrawal and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(EvidenceId, nameof(EvidenceId));
        DomainText.RequireId(ControlId, nameof(ControlId));
        DomainText.RequireText(Reason, nameof(Reason));
        return new EntryDraft(EvidenceEntryTypes.Withdrawn, $"control:{ControlId}", actor, PayloadCodec.Encode(this));
    }

    /// <summary>Reads an <c>evidence.withdrawn</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static EvidenceWithdrawal FromEntry(LedgerEntry entry) => PayloadCodec.Decode<EvidenceWithdrawal>(entry);
}
