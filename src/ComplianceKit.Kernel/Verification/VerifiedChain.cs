using System.Runtime.CompilerServices;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;

namespace ComplianceKit.Verification;

/// <summary>
/// A chain as its verification left it: the head and every row read in one snapshot, the chain verified up to the head,
/// and every later read bounded by it (<c>sequence &lt; </c><see cref="Size"/>). Decisions (gates, readiness, trust
/// anchors, role grants, retention, projection, export) read through one, so a row planted past the head, or anything
/// appended after the check, never reaches them.
/// </summary>
/// <remarks>
/// Holds the ledger's read snapshot until disposed; dispose it promptly, and do not write through the same ledger or
/// context meanwhile: the snapshot's transaction is rolled back when it ends (inside a transaction the caller opened,
/// that transaction is used and left alone). Not thread-safe, like the ledger under it.
/// </remarks>
public sealed class VerifiedChain : IAsyncDisposable
{
    private readonly IComplianceLedger _ledger;
    private readonly IAsyncDisposable _snapshot;

    private VerifiedChain(IComplianceLedger ledger, IAsyncDisposable snapshot, ChainVerificationReport report)
    {
        _ledger = ledger;
        _snapshot = snapshot;
        Report = report;
    }

    /// <summary>The chain.</summary>
    public string ChainId => Report.ChainId;

    /// <summary>The verification that established the head (valid, or only purges recorded).</summary>
    public ChainVerificationReport Report { get; }

    /// <summary>The verified head: its root is recomputed from the entries, not read from the store.</summary>
    public MerkleTreeHead Head => Report.TreeHead;

    /// <summary>The number of verified entries; every read stops below it.</summary>
    public long Size => Head.Size;

    /// <summary>Starts a read snapshot on <paramref name="ledger"/>, verifies <paramref name="chainId"/> in it, and returns the view.</summary>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify (the exception carries the report); nothing may be decided from it.</exception>
    public static async Task<VerifiedChain> OpenAsync(IComplianceLedger ledger, string chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var snapshot = await ledger.BeginReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = await ledger.VerifyAsync(chainId, cancellationToken).ConfigureAwait(false);
            return report.IsValid ? new VerifiedChain(ledger, snapshot, report) : throw new LedgerNotVerifiedException(report);
        }
        catch
        {
            await snapshot.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Streams the verified entries in sequence order, from <paramref name="fromSequence"/>.</summary>
    public async IAsyncEnumerable<LedgerEntry> ReadAsync(long fromSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in _ledger.ReadAsync(ChainId, fromSequence, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= Size)
            {
                yield break;
            }

            yield return entry;
        }
    }

    /// <summary>Streams the verified entries of the given types in sequence order.</summary>
    public async IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(IReadOnlyCollection<string> entryTypes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in _ledger.ReadByTypeAsync(ChainId, entryTypes, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= Size)
            {
                yield break;
            }

            yield return entry;
        }
    }

    /// <summary>Reads one verified entry, or <see langword="null"/> when <paramref name="sequence"/> is not below <see cref="Size"/>.</summary>
    public Task<LedgerEntry?> GetEntryAsync(long sequence, CancellationToken cancellationToken = default) =>
        sequence >= 0 && sequence < Size ? _ledger.GetEntryAsync(ChainId, sequence, cancellationToken) : Task.FromResult<LedgerEntry?>(null);

    /// <summary>The tree head at <paramref name="treeSize"/> (at most <see cref="Size"/>), or the verified head.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="treeSize"/> is negative or past the verified head.</exception>
    public Task<MerkleTreeHead> GetTreeHeadAsync(long? treeSize = null, CancellationToken cancellationToken = default)
    {
        var size = treeSize ?? Size;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(treeSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size, nameof(treeSize));
        return size == Size ? Task.FromResult(Head) : _ledger.GetTreeHeadAsync(ChainId, size, cancellationToken);
    }

    /// <summary>Proves that entry <paramref name="sequence"/> is in the tree of size <paramref name="treeSize"/> (at most <see cref="Size"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence or size is out of range.</exception>
    public Task<InclusionProof> GetInclusionProofAsync(long sequence, long treeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, Size);
        return _ledger.GetInclusionProofAsync(ChainId, sequence, treeSize, cancellationToken);
    }

    /// <summary>Proves that the tree of size <paramref name="firstSize"/> is a prefix of the tree of size <paramref name="secondSize"/> (at most <see cref="Size"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are out of range.</exception>
    public Task<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(secondSize, Size);
        return _ledger.GetConsistencyProofAsync(ChainId, firstSize, secondSize, cancellationToken);
    }

    /// <summary>Ends the read snapshot.</summary>
    public ValueTask DisposeAsync() => _snapshot.DisposeAsync();
}
