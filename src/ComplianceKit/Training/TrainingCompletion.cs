using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>
/// A completed assignment: the payload of a <c>training.completed</c> entry (subject <c>person:&lt;id&gt;</c>).
/// A later completion of the same assignment (retraining) replaces the earlier one.
/// </summary>
public sealed record TrainingCompletion
{
    /// <summary>The assignment completed.</summary>
    public required string AssignmentId { get; init; }

    /// <summary>The person.</summary>
    public required string PersonId { get; init; }

    /// <summary>When it was completed.</summary>
    public required Instant CompletedAt { get; init; }

    /// <summary>The score, 0 to 100, when the course is scored.</summary>
    public double? Score { get; init; }

    /// <summary>When the completion stops counting; <see langword="null"/> for completion plus the assignment's recurrence (or never).</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Validates the completion and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        Validate();
        return new EntryDraft(TrainingEntryTypes.Completed, $"person:{PersonId}", actor, PayloadCodec.Encode(this), CompletedAt);
    }

    /// <summary>Throws unless the record is complete and consistent.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate()
    {
        DomainText.RequireId(AssignmentId, nameof(AssignmentId));
        DomainText.RequireId(PersonId, nameof(PersonId));
        if (Score is { } score && (double.IsNaN(score) || score < 0 || score > 100))
        {
            throw new ArgumentException("Score must be 0 to 100.", nameof(Score));
        }

        if (ExpiresAt <= CompletedAt)
        {
            throw new ArgumentException("ExpiresAt must be after CompletedAt.", nameof(ExpiresAt));
        }
    }

    /// <summary>Reads a <c>training.completed</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static TrainingCompletion FromEntry(LedgerEntry entry) => PayloadCodec.Decode<TrainingCompletion>(entry);
}
