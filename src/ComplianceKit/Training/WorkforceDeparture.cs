using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>The payload of a <c>workforce.left</c> entry (subject <c>person:&lt;id&gt;</c>): from <see cref="LeftAt"/> the person's training no longer counts for readiness.</summary>
public sealed record WorkforceDeparture
{
    /// <summary>The person.</summary>
    public required string PersonId { get; init; }

    /// <summary>When the person left.</summary>
    public required Instant LeftAt { get; init; }

    /// <summary>Validates the departure and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(PersonId, nameof(PersonId));
        return new EntryDraft(TrainingEntryTypes.MemberLeft, $"person:{PersonId}", actor, PayloadCodec.Encode(this), LeftAt);
    }

    /// <summary>Reads a <c>workforce.left</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static WorkforceDeparture FromEntry(LedgerEntry entry) => PayloadCodec.Decode<WorkforceDeparture>(entry);
}
