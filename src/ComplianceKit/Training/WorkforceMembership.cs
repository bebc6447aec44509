using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>
/// A person in the workforce: the payload of a <c>workforce.joined</c> entry (subject <c>person:&lt;id&gt;</c>). A later
/// entry for the same person replaces category and role (and undoes a departure). People are ids here, never names.
/// </summary>
public sealed record WorkforceMembership
{
    /// <summary>The person's id in the host's directory, for example <c>staff-042</c>.</summary>
    public required string PersonId { get; init; }

    /// <summary>Employee, contractor, volunteer, trainee or other.</summary>
    public required WorkforceCategory Category { get; init; }

    /// <summary>The person's role, for example <c>Nurse</c>.</summary>
    public required string Role { get; init; }

    /// <summary>When the person joined.</summary>
    public required Instant JoinedAt { get; init; }

    /// <summary>Validates the membership and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(PersonId, nameof(PersonId));
        DomainText.RequireText(Role, nameof(Role));
        return new EntryDraft(TrainingEntryTypes.MemberJoined, $"person:{PersonId}", actor, PayloadCodec.Encode(this), JoinedAt);
    }

    /// <summary>Reads a <c>workforce.joined</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static WorkforceMembership FromEntry(LedgerEntry entry) => PayloadCodec.Decode<WorkforceMembership>(entry);
}
