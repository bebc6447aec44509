using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>A <see cref="RetentionEntryTypes.Purged"/> entry, read: which policy purged which entries, when and by whom.</summary>
/// <param name="Sequence">The purge entry's own sequence.</param>
/// <param name="PolicyId">The policy the purge applied.</param>
/// <param name="PolicySequence">The sequence of the <see cref="RetentionEntryTypes.PolicySet"/> entry that defined the policy as applied.</param>
/// <param name="AsOf">The instant the plan was evaluated at: every purged entry had expired by then.</param>
/// <param name="Ranges">The purged sequences, compacted, ascending.</param>
/// <param name="Actor">Who applied the purge.</param>
/// <param name="RecordedAt">When the purge was recorded.</param>
public sealed record PurgeRecord(long Sequence, string PolicyId, long PolicySequence, Instant AsOf, IReadOnlyList<SequenceRange> Ranges,
    string Actor, Instant RecordedAt)
{
    /// <summary>How many entries the purge names.</summary>
    public long Count => Ranges.Sum(r => r.Count);
}
