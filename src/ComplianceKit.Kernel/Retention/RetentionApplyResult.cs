namespace ComplianceKit.Retention;

/// <summary>What applying a plan did: the batches committed, and the planned entries left in place with the reason.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Batches">The committed batches, in order; each wrote one purge entry.</param>
/// <param name="Skipped">Planned entries not purged, in sequence order.</param>
public sealed record RetentionApplyResult(string ChainId, IReadOnlyList<PurgeBatchResult> Batches, IReadOnlyList<SkippedPurge> Skipped)
{
    /// <summary>How many entries were purged.</summary>
    public long PurgedCount => Batches.Sum(b => b.Count);
}
