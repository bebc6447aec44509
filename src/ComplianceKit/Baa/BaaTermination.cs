using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>The payload of a <c>baa.terminated</c> entry (subject <c>baa:&lt;id&gt;</c>).</summary>
public sealed record BaaTermination
{
    /// <summary>The agreement terminated.</summary>
    public required string BaaId { get; init; }

    /// <summary>When the termination takes effect.</summary>
    public required Instant TerminatedAt { get; init; }

    /// <summary>Why, for example <c>vendor replaced</c> or <c>material breach</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>Validates the termination and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(BaaId, nameof(BaaId));
        DomainText.RequireText(Reason, nameof(Reason));
        return new EntryDraft(BaaEntryTypes.Terminated, $"baa:{BaaId}", actor, PayloadCodec.Encode(this), TerminatedAt);
    }

    /// <summary>Reads a <c>baa.terminated</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static BaaTermination FromEntry(LedgerEntry entry) => PayloadCodec.Decode<BaaTermination>(entry);
}
