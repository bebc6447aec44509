using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;

namespace ComplianceKit.Import;

/// <summary>
/// What importing a checklist will record: a <c>checklist.imported</c> summary, one control per checkbox item,
/// self-attested evidence for every ticked item, and the gate. Nothing is written until the drafts are appended.
/// </summary>
public sealed record ChecklistImportPlan
{
    /// <summary>The parsed checklist.</summary>
    public required ChecklistDocument Document { get; init; }

    /// <summary>The summary entry's payload.</summary>
    public required ChecklistImportSummary Summary { get; init; }

    /// <summary>One control per imported item, in document order.</summary>
    public required IReadOnlyList<ControlDefinition> Controls { get; init; }

    /// <summary>Self-attested evidence for the ticked items.</summary>
    public required IReadOnlyList<EvidenceStatement> Evidence { get; init; }

    /// <summary>The gate: every imported control required, every sign-off role a required approval.</summary>
    public required GateDefinition Gate { get; init; }

    /// <summary>Items that could not become controls (for example an empty checkbox).</summary>
    public required IReadOnlyList<RejectedItem> RejectedItems { get; init; }

    /// <summary>
    /// The drafts, in the order they must be appended: summary, controls, evidence, gate. The gate's draft is unsigned, so
    /// it counts only where unsigned administration is allowed; pass a signed one to the other overload.
    /// </summary>
    public IReadOnlyList<EntryDraft> ToDrafts(string actor) => ToDrafts(actor, Gate.ToDraft(actor));

    /// <summary>The drafts with <paramref name="gateDraft"/> (signed by an administrator, <see cref="Administration.AdministrationRecorder"/>) as the gate's.</summary>
    public IReadOnlyList<EntryDraft> ToDrafts(string actor, EntryDraft gateDraft)
    {
        ArgumentNullException.ThrowIfNull(gateDraft);
        var drafts = new List<EntryDraft>(Controls.Count + Evidence.Count + 2) { Summary.ToDraft(actor) };
        drafts.AddRange(Controls.Select(c => c.ToDraft(actor)));
        drafts.AddRange(Evidence.Select(e => e.ToDraft(actor)));
        drafts.Add(gateDraft);
        return drafts;
    }
}
