using NodaTime;

namespace ComplianceKit.Access;

/// <summary>How many access events one user caused in one clock hour (UTC).</summary>
/// <param name="UserId">The user (the entries' actor).</param>
/// <param name="HourStart">The start of the hour, on a whole UTC hour.</param>
/// <param name="Count">The number of access events in that hour.</param>
public sealed record HourlyAccessVolume(string UserId, Instant HourStart, long Count);
