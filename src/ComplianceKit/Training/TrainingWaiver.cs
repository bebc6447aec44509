using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>An approver waives an assignment: the payload of a <c>training.waived</c> entry (subject <c>person:&lt;id&gt;</c>).</summary>
public sealed record TrainingWaiver
{
    /// <summary>The assignment waived.</summary>
    public required string AssignmentId { get; init; }

    /// <summary>The person.</summary>
    public required string PersonId { get; init; }

    /// <summary>Who approved the waiver (a person or role id); required.</summary>
    public required string ApprovedBy { get; init; }

    /// <summary>Why, for example <c>on leave until March</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>When the waiver was granted.</summary>
    public required Instant WaivedAt { get; init; }

    /// <summary>When the waiver ends; <see langword="null"/> for no end.</summary>
    public Instant? WaivedUntil { get; init; }

    /// <summary>Validates the waiver and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        Validate();
        return new EntryDraft(TrainingEntryTypes.Waived, $"person:{PersonId}", actor, PayloadCodec.Encode(this), WaivedAt);
    }

    /// <summary>Throws unless the record is complete and consistent.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate()
    {
        DomainText.RequireId(AssignmentId, nameof(AssignmentId));
        DomainText.RequireId(PersonId, nameof(PersonId));
        DomainText.RequireText(ApprovedBy, nameof(ApprovedBy));
        DomainText.RequireText(Reason, nameof(Reason));
        if (WaivedUntil <= WaivedAt)
        {
            throw new ArgumentException("WaivedUntil must be after WaivedAt.", nameof(WaivedUntil));
        }
    }

    /// <summary>Reads a <c>training.waived</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static TrainingWaiver FromEntry(LedgerEntry entry) => PayloadCodec.Decode<TrainingWaiver>(entry);
}
