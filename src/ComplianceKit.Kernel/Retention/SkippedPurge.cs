namespace ComplianceKit.Retention;

/// <summary>An entry the plan listed but the apply left in place, because something changed since planning.</summary>
/// <param name="Sequence">The entry.</param>
/// <param name="Reason">What changed: a hold placed, the policy redefined, a newer entry for its subject, the entry no longer verifying, or it was already purged.</param>
public sealed record SkippedPurge(long Sequence, string Reason);
