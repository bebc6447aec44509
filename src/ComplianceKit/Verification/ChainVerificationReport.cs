using ComplianceKit.Merkle;

namespace ComplianceKit.Verification;

/// <summary>The outcome of verifying one chain.</summary>
public sealed class ChainVerificationReport
{
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
    /// Capped at <see cref="ChainVerifier.MaxRecordedFailures"/> so memory stays bounded.
    /// </summary>
    public IReadOnlyList<VerificationFailure> Findings { get; }

    /// <summary>How many failures (findings more severe than a recorded purge) there were, including any beyond the cap.</summary>
    public long TotalFailures { get; }

    /// <summary>The Merkle tree head recomputed from the entries read.</summary>
    public MerkleTreeHead TreeHead { get; }

    /// <summary>The first finding, if any.</summary>
    public VerificationFailure? FirstFailure => Findings.FirstOrDefault(f => f.Status > VerificationStatus.PayloadPurged);

    /// <summary>The findings more severe than a recorded purge.</summary>
    public IEnumerable<VerificationFailure> Failures => Findings.Where(f => f.Status > VerificationStatus.PayloadPurged);
}
