namespace ComplianceKit.Retention;

/// <summary>One committed purge batch: the purge entry and what it purged.</summary>
/// <param name="Number">The batch's 1-based position in the apply.</param>
/// <param name="PurgeSequence">The sequence of the <see cref="RetentionEntryTypes.Purged"/> entry written with it.</param>
/// <param name="PolicyId">The policy applied.</param>
/// <param name="Ranges">The purged sequences, compacted.</param>
public sealed record PurgeBatchResult(int Number, long PurgeSequence, string PolicyId, IReadOnlyList<SequenceRange> Ranges)
{
    /// <summary>How many entries the batch purged.</summary>
    public long Count => Ranges.Sum(r => r.Count);
}
