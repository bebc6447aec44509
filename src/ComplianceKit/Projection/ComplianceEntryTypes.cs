using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Training;

namespace ComplianceKit.Projection;

/// <summary>The entry types the compliance projection is built from; every other entry type is left alone.</summary>
public static class ComplianceEntryTypes
{
    /// <summary>Every entry type the projection reads, in no particular order.</summary>
    public static IReadOnlyCollection<string> All { get; } =
    [
        ControlEntryTypes.Defined, ControlEntryTypes.DecisionRecorded,
        EvidenceEntryTypes.Attached, EvidenceEntryTypes.Withdrawn,
        BaaEntryTypes.VendorRegistered, BaaEntryTypes.Drafted, BaaEntryTypes.Executed, BaaEntryTypes.Terminated, BaaEntryTypes.DispositionRecorded,
        TrainingEntryTypes.MemberJoined, TrainingEntryTypes.MemberLeft, TrainingEntryTypes.Assigned, TrainingEntryTypes.Completed, TrainingEntryTypes.Waived,
        ChecklistImportSummary.EntryType,
    ];
}
