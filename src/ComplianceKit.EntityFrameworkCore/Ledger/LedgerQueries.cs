using ComplianceKit.EntityFrameworkCore.Telemetry;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Telemetry;
using ComplianceKit.Verification;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// Everything the store answers without writing (reads, verification, tree heads, proofs), written once over a
/// <see cref="LedgerSession"/>: <see cref="EntityFrameworkLedger{TContext}"/> runs it on the host's context,
/// <see cref="ReadOnlyDatabaseLedger"/> on a bare connection.
/// </summary>
internal sealed class LedgerQueries(LedgerSession session, ILogger logger)
{
    public IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        return LedgerReader.ReadEntriesAsync(session, chainId, fromSequence, long.MaxValue, cancellationToken);
    }

    public IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(entryTypes);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        if (entryTypes.Count == 0)
        {
            throw new ArgumentException("Name at least one entry type.", nameof(entryTypes));
        }

        return LedgerReader.ReadEntriesOfTypesAsync(session, chainId, entryTypes, fromSequence, cancellationToken);
    }

    public async Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        await foreach (var entry in LedgerReader.ReadEntriesAsync(session, chainId, sequence, sequence + 1, cancellationToken).ConfigureAwait(false))
        {
            return entry;
        }

        return null;
    }

    public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken) => LedgerReader.ReadChainIdsAsync(session, cancellationToken);

    /// <summary>The store's full verification of a chain, passing each entry below the head to <paramref name="observe"/> (see <see cref="ChainScan"/>).</summary>
    public async Task<ChainVerificationReport> VerifyAsync(string chainId, Action<LedgerEntry>? observe, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);

        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Verify, chainId);
        activity?.SetTag(ComplianceKitTagNames.Source, "store");
        try
        {
            // Head and rows from one snapshot: a row past the head is then a finding, never a racing append.
            var snapshot = await session.BeginSnapshotAsync(cancellationToken).ConfigureAwait(false);
            await using (snapshot.ConfigureAwait(false))
            {
                var head = await LedgerReader.ReadHeadAsync(session, chainId, cancellationToken).ConfigureAwait(false);
                var report = await ChainScan.VerifyAsync(session, chainId, head, observe, cancellationToken).ConfigureAwait(false);
                ComplianceKitDiagnostics.Describe(activity, report);
                StoreLog.Verified(logger, report);
                return report;
            }
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken) => session.BeginSnapshotAsync(cancellationToken);

    public async Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        var head = await LedgerReader.ReadHeadAsync(session, chainId, cancellationToken).ConfigureAwait(false)
            ?? new StoredHead(0, EntryEncoding.GenesisPreviousHash.ToArray(), MerkleHasher.EmptyRoot.ToArray());
        var size = treeSize ?? head.Size;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(treeSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, head.Size, nameof(treeSize));
        if (size == head.Size)
        {
            return new MerkleTreeHead(size, head.TreeRoot);
        }

        return await WithOpenConnectionAsync(async source =>
            new MerkleTreeHead(size, await MerkleProofBuilder.ComputeRootAsync(source, size, cancellationToken).ConfigureAwait(false)),
            chainId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken)
    {
        var head = await RequireHeadAsync(chainId, cancellationToken).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, head.Size);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, treeSize);
        return await WithOpenConnectionAsync(
            source => MerkleProofBuilder.BuildInclusionAsync(source, sequence, treeSize, cancellationToken).AsTask(),
            chainId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken)
    {
        var head = await RequireHeadAsync(chainId, cancellationToken).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(secondSize, head.Size);
        return await WithOpenConnectionAsync(
            source => MerkleProofBuilder.BuildConsistencyAsync(source, firstSize, secondSize, cancellationToken).AsTask(),
            chainId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredHead> RequireHeadAsync(string chainId, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        return await LedgerReader.ReadHeadAsync(session, chainId, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"The store holds no chain '{chainId}'.", nameof(chainId));
    }

    private async Task<T> WithOpenConnectionAsync<T>(Func<IMerkleSubtreeSource, Task<T>> action, string chainId, CancellationToken cancellationToken)
    {
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(LedgerReader.SubtreeSource(session, chainId)).ConfigureAwait(false);
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }
}
