namespace ComplianceKit.Retention;

/// <summary>A recorded policy the planner will not apply (for example, shorter than its category minimum with no override); what it governs is kept.</summary>
/// <param name="PolicyId">The policy.</param>
/// <param name="Sequence">The entry that defined it.</param>
/// <param name="Reason">Why it is refused.</param>
public sealed record RefusedPolicy(string PolicyId, long Sequence, string Reason);
