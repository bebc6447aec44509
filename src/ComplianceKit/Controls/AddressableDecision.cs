using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Controls;

/// <summary>
/// The documented decision on an addressable control: the payload of a <c>control.decision.recorded</c>
/// entry (subject <c>control:&lt;id&gt;</c>). A later decision replaces an earlier one.
/// </summary>
public sealed record AddressableDecision
{
    /// <summary>The control decided on; it must be <see cref="ImplementationRequirement.Addressable"/>.</summary>
    public required string ControlId { get; init; }

    /// <summary>What was decided.</summary>
    public required AddressableOutcome Outcome { get; init; }

    /// <summary>Why: the assessment that supports the decision. Required for every outcome.</summary>
    public required string Rationale { get; init; }

    /// <summary>The alternative measure, for <see cref="AddressableOutcome.AlternativeImplemented"/>.</summary>
    public string? AlternativeMeasure { get; init; }

    /// <summary>Who decided (a person or role id).</summary>
    public required string DecidedBy { get; init; }

    /// <summary>When it was decided.</summary>
    public required Instant DecidedAt { get; init; }

    /// <summary>Validates the decision and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(ControlId, nameof(ControlId));
        DomainText.RequireText(Rationale, nameof(Rationale));
        DomainText.RequireText(DecidedBy, nameof(DecidedBy));
        if (Outcome == AddressableOutcome.AlternativeImplemented)
        {
            DomainText.RequireText(AlternativeMeasure, nameof(AlternativeMeasure));
        }

        return new EntryDraft(ControlEntryTypes.DecisionRecorded, $"control:{ControlId}", actor, PayloadCodec.Encode(this), DecidedAt);
    }

    /// <summary>Reads a <c>control.decision.recorded</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static AddressableDecision FromEntry(LedgerEntry entry) => PayloadCodec.Decode<AddressableDecision>(entry);
}
