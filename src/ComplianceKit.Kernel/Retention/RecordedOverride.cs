using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>An override of a category minimum as the chain records it.</summary>
/// <param name="PolicyId">The policy it allows.</param>
/// <param name="Category">The category whose minimum it sets aside.</param>
/// <param name="Period">The shortest period it approves for the policy.</param>
/// <param name="Minimum">The category minimum at the time, for the record.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="Sequence">The sequence of the <see cref="RetentionEntryTypes.OverrideApproved"/> entry.</param>
public sealed record RecordedOverride(string PolicyId, string Category, Period Period, Period Minimum, string Reason, string DecidedBy, long Sequence);
