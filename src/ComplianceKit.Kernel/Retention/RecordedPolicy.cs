using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>A policy as the chain records it: the definition and the entry that set it.</summary>
/// <param name="Policy">The definition.</param>
/// <param name="Sequence">The sequence of the <see cref="RetentionEntryTypes.PolicySet"/> entry.</param>
/// <param name="Actor">Who recorded it.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record RecordedPolicy(RetentionPolicy Policy, long Sequence, string Actor, Instant RecordedAt);
