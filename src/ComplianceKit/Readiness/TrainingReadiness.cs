using ComplianceKit.Training;

namespace ComplianceKit.Readiness;

/// <summary>Training coverage of the workforce.</summary>
/// <param name="Percent">Members with nothing overdue, expired or never assigned, as a percentage; <see langword="null"/> with no member.</param>
/// <param name="Members">People in the workforce.</param>
/// <param name="Covered">Of those, with nothing overdue, expired or never assigned.</param>
/// <param name="Overdue">Overdue assignments.</param>
/// <param name="Expired">Expired completions.</param>
/// <param name="Expiring">Completions expiring within the window.</param>
/// <param name="NeverTrained">Members who never completed any training (some may have training assigned and not yet due).</param>
public sealed record TrainingReadiness(decimal? Percent, int Members, int Covered, IReadOnlyList<TrainingRecord> Overdue, IReadOnlyList<TrainingRecord> Expired,
    IReadOnlyList<TrainingRecord> Expiring, IReadOnlyList<WorkforceMemberRecord> NeverTrained);
