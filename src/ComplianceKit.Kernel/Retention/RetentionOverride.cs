namespace ComplianceKit.Retention;

/// <summary>
/// A person's decision that a policy may be shorter than the regulatory minimum of its category.
/// Recorded as a <see cref="RetentionEntryTypes.OverrideApproved"/> entry just before the policy.
/// </summary>
/// <param name="Reason">Why the shorter period is acceptable (for example, the counsel's opinion that cited it).</param>
/// <param name="DecidedBy">Who decided, for example <c>officer:privacy</c>.</param>
public sealed record RetentionOverride(string Reason, string DecidedBy);
