using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>
/// A course assigned to a person: the payload of a <c>training.assigned</c> entry (subject <c>person:&lt;id&gt;</c>).
/// The course is pinned by id, content version and the SHA-256 of its content, so "trained" always names what was taught.
/// Assigning the same assignment id again replaces course, due date and recurrence, and keeps its completion.
/// </summary>
public sealed record TrainingAssignment
{
    /// <summary>The assignment's id, for example <c>staff-042/hipaa-security-2026</c>.</summary>
    public required string AssignmentId { get; init; }

    /// <summary>The person.</summary>
    public required string PersonId { get; init; }

    /// <summary>The course, for example <c>hipaa-security-awareness</c>.</summary>
    public required string CourseId { get; init; }

    /// <summary>The course content's version, for example <c>2026.1</c>.</summary>
    public required string ContentVersion { get; init; }

    /// <summary>SHA-256 of the course content package, lower-case hex.</summary>
    public required string ContentSha256 { get; init; }

    /// <summary>The security awareness topics the course covers.</summary>
    public IReadOnlyList<TrainingTopic> Topics { get; init; } = [];

    /// <summary>When it was assigned.</summary>
    public required Instant AssignedAt { get; init; }

    /// <summary>When it must be completed.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>Days a completion stays valid before retraining is due (for example 365); <see langword="null"/> when it does not recur.</summary>
    public int? RecurrenceDays { get; init; }

    /// <summary>Validates the assignment and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        Validate();
        return new EntryDraft(TrainingEntryTypes.Assigned, $"person:{PersonId}", actor, PayloadCodec.Encode(this), AssignedAt);
    }

    /// <summary>Throws unless the record is complete and consistent.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate()
    {
        DomainText.RequireId(AssignmentId, nameof(AssignmentId));
        DomainText.RequireId(PersonId, nameof(PersonId));
        DomainText.RequireId(CourseId, nameof(CourseId));
        DomainText.RequireText(ContentVersion, nameof(ContentVersion));
        DomainText.RequireSha256(ContentSha256, nameof(ContentSha256), required: true);
        ArgumentNullException.ThrowIfNull(Topics, nameof(Topics));
        if (DueAt < AssignedAt)
        {
            throw new ArgumentException("DueAt must not be before AssignedAt.", nameof(DueAt));
        }

        if (RecurrenceDays is <= 0 or > 3660)
        {
            throw new ArgumentException("RecurrenceDays must be 1 to 3660.", nameof(RecurrenceDays));
        }
    }

    /// <summary>Reads a <c>training.assigned</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static TrainingAssignment FromEntry(LedgerEntry entry) => PayloadCodec.Decode<TrainingAssignment>(entry);
}
