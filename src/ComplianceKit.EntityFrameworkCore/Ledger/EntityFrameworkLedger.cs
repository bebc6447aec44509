using ComplianceKit.Canonicalization;
using ComplianceKit.EntityFrameworkCore.Telemetry;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Telemetry;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The ledger kept in a host's EF Core database (SQLite or PostgreSQL). Appends to a chain are
/// serialized by a write lock on the chain's head row, so many writers in many processes never
/// fork or skip; each append is one transaction, or joins the context's open one.
/// </summary>
/// <typeparam name="TContext">The host's context, with <c>ApplyComplianceKit()</c> in its model.</typeparam>
/// <remarks>Not thread-safe, like the context it wraps: resolve one per scope.</remarks>
public sealed class EntityFrameworkLedger<TContext> : IComplianceLedger
    where TContext : DbContext, IComplianceKitDbContext
{
    private readonly TContext _context;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly PayloadPrivacyGuard _guard;
    private readonly ILogger _logger;

    /// <summary>Creates a ledger over the host's context.</summary>
    /// <param name="context">The host's context.</param>
    /// <param name="clock">Stamps recorded-at.</param>
    /// <param name="options">Payload limits and the PHI guard.</param>
    /// <param name="logger">Receives verification outcomes (docs/TELEMETRY.md, "Logs"); none when omitted.</param>
    public EntityFrameworkLedger(TContext context, IClock clock, IOptions<ComplianceKitOptions> options, ILogger<EntityFrameworkLedger<TContext>>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _clock = clock;
        _options = options.Value;
        _guard = new PayloadPrivacyGuard(_options.AllowPhiInPayloads);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Whether this ledger reads and writes through <paramref name="context"/>.</summary>
    internal bool Wraps(TContext context) => ReferenceEquals(_context, context);

    /// <inheritdoc />
    public Task<AppendReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default) =>
        AppendAsync(_options.DefaultChainId, [draft], cancellationToken);

    /// <inheritdoc />
    public async Task<AppendReceipt> AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default)
    {
        // Canonicalize, guard and hash payloads before taking the chain's lock.
        var prepared = PreparedEntry.PrepareBatch(chainId, drafts, _options, _guard);

        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Append, chainId);
        activity?.SetTag(ComplianceKitTagNames.Entries, prepared.Length);
        try
        {
            var receipt = await LedgerWriter.AppendAsync(_context, chainId, prepared, _clock, cancellationToken).ConfigureAwait(false);
            ComplianceKitDiagnostics.RecordAppend(chainId, prepared.Length);
            return receipt;
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        return LedgerReader.ReadEntriesAsync(_context, chainId, fromSequence, long.MaxValue, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes, CancellationToken cancellationToken = default) =>
        ReadByTypeFromAsync(chainId, entryTypes, 0, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(entryTypes);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        if (entryTypes.Count == 0)
        {
            throw new ArgumentException("Name at least one entry type.", nameof(entryTypes));
        }

        return LedgerReader.ReadEntriesOfTypesAsync(_context, chainId, entryTypes, fromSequence, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        await foreach (var entry in LedgerReader.ReadEntriesAsync(_context, chainId, sequence, sequence + 1, cancellationToken).ConfigureAwait(false))
        {
            return entry;
        }

        return null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default) =>
        LedgerReader.ReadChainIdsAsync(_context, cancellationToken);

    /// <inheritdoc />
    public Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default) =>
        VerifyAsync(chainId, observe: null, cancellationToken);

    /// <summary>
    /// <see cref="VerifyAsync(string, CancellationToken)"/>, passing each entry below the head to <paramref name="observe"/> in
    /// sequence order as it is checked, so a caller that needs every entry (a projection rebuild) reads the chain once.
    /// What <paramref name="observe"/> saw may be used only when the report is valid.
    /// </summary>
    internal async Task<ChainVerificationReport> VerifyAsync(string chainId, Action<LedgerEntry>? observe, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);

        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Verify, chainId);
        activity?.SetTag(ComplianceKitTagNames.Source, "store");
        try
        {
            // Head and rows from one snapshot: a row past the head is then a finding, never a racing append.
            var snapshot = await LedgerSnapshot.BeginAsync(_context, cancellationToken).ConfigureAwait(false);
            await using (snapshot.ConfigureAwait(false))
            {
                var head = await LedgerReader.ReadHeadAsync(_context, chainId, cancellationToken).ConfigureAwait(false);
                var report = await ChainScan.VerifyAsync(_context, chainId, head, observe, cancellationToken).ConfigureAwait(false);
                ComplianceKitDiagnostics.Describe(activity, report);
                StoreLog.Verified(_logger, report);
                return report;
            }
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default) =>
        LedgerSnapshot.BeginAsync(_context, cancellationToken);

    /// <inheritdoc />
    public async Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        var head = await LedgerReader.ReadHeadAsync(_context, chainId, cancellationToken).ConfigureAwait(false)
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

    /// <inheritdoc />
    public async Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default)
    {
        var head = await RequireHeadAsync(chainId, cancellationToken).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, head.Size);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, treeSize);
        return await WithOpenConnectionAsync(
            source => MerkleProofBuilder.BuildInclusionAsync(source, sequence, treeSize, cancellationToken).AsTask(),
            chainId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default)
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
        return await LedgerReader.ReadHeadAsync(_context, chainId, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"The store holds no chain '{chainId}'.", nameof(chainId));
    }

    private async Task<T> WithOpenConnectionAsync<T>(Func<IMerkleSubtreeSource, Task<T>> action, string chainId, CancellationToken cancellationToken)
    {
        await _context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(LedgerReader.SubtreeSource(_context, chainId)).ConfigureAwait(false);
        }
        finally
        {
            await _context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
