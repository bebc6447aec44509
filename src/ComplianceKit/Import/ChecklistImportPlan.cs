using ComplianceKit.Administration;
using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;

namespace ComplianceKit.Import;

/// <summary>
/// What importing a checklist will record: a <c>checklist.imported</c> summary, the vendors its BAA items name, one control per
/// checkbox item, self-attested evidence for every ticked item, the release gate and, when items or sign-offs come after the
/// deployment, the post-deployment gate. Nothing is written until the drafts are appended.
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

    /// <summary>The release gate: its critical and important items required, optional ones shown, its sign-off roles required.</summary>
    public required GateDefinition Gate { get; init; }

    /// <summary>The post-deployment gate, or <see langword="null"/> when nothing in the checklist comes after the deployment.</summary>
    public GateDefinition? PostDeploymentGate { get; init; }

    /// <summary>How each imported item was classified and bound, in document order.</summary>
    public required IReadOnlyList<ChecklistItemClassification> Classifications { get; init; }

    /// <summary>Vendors named by BAA items and not yet registered, each registered as handling PHI.</summary>
    public required IReadOnlyList<VendorRegistration> Vendors { get; init; }

    /// <summary>Items that could not become controls (for example an empty checkbox).</summary>
    public required IReadOnlyList<RejectedItem> RejectedItems { get; init; }

    /// <summary>
    /// The drafts, in the order they must be appended: summary, vendors, controls, evidence, release gate, post-deployment gate.
    /// The gates' drafts are unsigned, so they count only where unsigned administration is allowed; pass signed ones to the other overload.
    /// </summary>
    public IReadOnlyList<EntryDraft> ToDrafts(string actor) => ToDrafts(actor, gate => gate.ToDraft(actor));

    /// <summary>
    /// The drafts with each gate's draft from <paramref name="gateDraft"/> (signed by an administrator,
    /// <see cref="Administration.AdministrationRecorder"/>): called for <see cref="Gate"/> and, if any, <see cref="PostDeploymentGate"/>.
    /// </summary>
    public IReadOnlyList<EntryDraft> ToDrafts(string actor, Func<GateDefinition, EntryDraft> gateDraft)
    {
        ArgumentNullException.ThrowIfNull(gateDraft);
        var drafts = new List<EntryDraft>(Controls.Count + Evidence.Count + Vendors.Count + 3) { Summary.ToDraft(actor) };
        drafts.AddRange(Vendors.Select(v => v.ToDraft(actor)));
        drafts.AddRange(Controls.Select(c => c.ToDraft(actor)));
        drafts.AddRange(Evidence.Select(e => e.ToDraft(actor)));
        drafts.Add(gateDraft(Gate));
        if (PostDeploymentGate is not null)
        {
            drafts.Add(gateDraft(PostDeploymentGate));
        }

        return drafts;
    }
}
