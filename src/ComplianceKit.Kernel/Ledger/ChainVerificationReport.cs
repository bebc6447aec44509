using ComplianceKit.Merkle;

namespace ComplianceKit.Ledger;

/// <summary>The outcome of verifying one chain.</summary>
public sealed class ChainVerificationReport
{
    /// <summary>The most findings a report records (the verifier still counts every failure in <see cref="TotalFailures"/>).</summary>
    public const int MaxRecordedFindings = 10_000;

    internal ChainVerificationReport(string chainId, long entriesRead, long purgedEntries, VerificationStatus status,
        IReadOnlyList<VerificationFailure> failures, long totalFailures, MerkleTreeHead treeHead)
    {
        ChainId = chainId;
        EntriesRead = entriesRead;
        PurgedEntries = purgedEntries;
        Status = status;
        Findings = failures;
        TotalFailures = totalFailures;
        TreeHead = treeHead;
    }

    /// <summary>The chain verified.</summary>
    public string ChainId { get; }

    /// <summary>How many entries were read.</summary>
    public long EntriesRead { get; }

    /// <summary>How many entries had their payload purged under a recorded policy.</summary>
    public long PurgedEntries { get; }

    /// <summary>The most severe status found; <see cref="VerificationStatus.Valid"/> or <see cref="VerificationStatus.PayloadPurged"/> when the chain verifies.</summary>
    public VerificationStatus Status { get; }

    /// <summary>Whether the chain verifies: no finding more severe than a recorded purge.</summary>
    public bool IsValid => Status <= VerificationStatus.PayloadPurged;

    /// <summary>
    /// The findings in chain order: failures, and notes of payloads purged under a recorded policy.
    /// Capped at <see cref="MaxRecordedFindings"/> so memory stays bounded.
    /// </summary>
    public IReadOnlyList<VerificationFailure> Findings { get; }

    /// <summary>How many failures (findings more severe than a recorded purge) there were, including any beyond the cap.</summary>
    public long TotalFailures { get; }

    /// <summary>The Merkle tree head recomputed from the entries read.</summary>
    public MerkleTreeHead TreeHead { get; }

    /// <summary>The first finding, if any.</summary>
    public VerificationFailure? FirstFailure => Findings.FirstOrDefault(f => f.Status > VerificationStatus.PayloadPurged);

    /// <summary>
    /// A copy of this report with <paramref name="more"/> findings from a further check of the same chain (approval
    /// bindings, say), merged in sequence order; the status becomes the most severe of all. The cap on recorded findings holds.
    /// </summary>
    public ChainVerificationReport WithFindings(IReadOnlyCollection<VerificationFailure> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        if (more.Count == 0)
        {
            return this;
        }

        var status = (VerificationStatus)Math.Max((int)Status, more.Max(f => (int)f.Status));
        var findings = Findings.Concat(more).OrderBy(f => f.Sequence).Take(MaxRecordedFindings).ToArray();
        var failures = more.LongCount(f => f.Status > VerificationStatus.PayloadPurged);
        return new ChainVerificationReport(ChainId, EntriesRead, PurgedEntries, status, findings, TotalFailures + failures, TreeHead);
    }

    /// <summary>The findings more severe than a recorded purge.</summary>
    public IEnumerable<VerificationFailure> Failures => Findings.Where(f => f.Status > VerificationStatus.PayloadPurged);
}
