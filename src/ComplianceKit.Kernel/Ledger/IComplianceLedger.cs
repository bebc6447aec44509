using ComplianceKit.Merkle;

namespace ComplianceKit.Ledger;

/// <summary>
/// The tamper-evident log: append facts, read them back, verify the chain, and prove inclusion and
/// consistency against Merkle tree heads. Implemented by a store package (for example
/// ComplianceKit.EntityFrameworkCore).
/// </summary>
/// <remarks>
/// Appends are serialized per chain by the store (no fork, no gap, across processes). An append
/// that finds a transaction open on the store's connection joins it, so a business change and its
/// audit entry commit or roll back together; otherwise it commits its own. An instance is not
/// thread-safe (like the DbContext under it); use one per scope.
/// </remarks>
public interface IComplianceLedger
{
    /// <summary>Appends one entry to the default chain.</summary>
    /// <exception cref="LedgerValidationException">The draft is invalid; nothing was written.</exception>
    Task<AppendReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Appends entries to a chain in one transaction: all of them, in order, or none.</summary>
    /// <exception cref="LedgerValidationException">A draft is invalid; nothing was written.</exception>
    Task<AppendReceipt> AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default);

    /// <summary>Streams a chain's entries in sequence order, from <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>Streams a chain's entries of the given types in sequence order (served by an index on type).</summary>
    IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams a chain's entries of the given types from <paramref name="fromSequence"/> on, in sequence order: what a reader that
    /// already holds the earlier ones (the checkpoint publisher) asks for. A store overrides it to filter in its query; this default
    /// filters <see cref="ReadByTypeAsync(string, IReadOnlyCollection{string}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSequence"/> is negative.</exception>
    IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        return ReadByTypeAsync(chainId, entryTypes, cancellationToken).Where(e => e.Sequence >= fromSequence);
    }

    /// <summary>Reads one entry, or <see langword="null"/> when the chain has no such sequence.</summary>
    Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Lists the chains the store holds.</summary>
    Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams and verifies a whole chain; memory does not grow with its length. The head and the rows are read in one
    /// snapshot, so an append racing the check is never a finding, while a row at or past the head (or of a chain with no
    /// head) is one (<see cref="VerificationStatus.EntryBeyondHead"/>), as is a stored Merkle node or frontier the entries
    /// do not give (<see cref="VerificationStatus.MerkleNodeMismatch"/>).
    /// </summary>
    Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a read snapshot on this instance: until it is disposed, every read sees the store as of one instant
    /// (PostgreSQL: a REPEATABLE READ transaction; SQLite: one read transaction). Inside a transaction the caller
    /// already has open, that transaction is used as it is. <c>Verification.VerifiedChain</c> reads through one.
    /// </summary>
    Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the Merkle tree head of the chain at <paramref name="treeSize"/>, or at its current size; a chain with no entries yet has the empty head.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chain is smaller than <paramref name="treeSize"/>.</exception>
    Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default);

    /// <summary>Proves that entry <paramref name="sequence"/> is in the tree of size <paramref name="treeSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence or size is out of range.</exception>
    Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default);

    /// <summary>Proves that the tree of size <paramref name="firstSize"/> is a prefix of the tree of size <paramref name="secondSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are out of range.</exception>
    Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default);
}
