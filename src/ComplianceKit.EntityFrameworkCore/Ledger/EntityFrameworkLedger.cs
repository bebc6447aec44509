using ComplianceKit.Canonicalization;
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
    private readonly LedgerQueries _queries;

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
        _queries = new LedgerQueries(LedgerSession.Of(context), (ILogger?)logger ?? NullLogger.Instance);
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
    public IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, CancellationToken cancellationToken = default) =>
        _queries.ReadAsync(chainId, fromSequence, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes, CancellationToken cancellationToken = default) =>
        ReadByTypeFromAsync(chainId, entryTypes, 0, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken = default) =>
        _queries.ReadByTypeFromAsync(chainId, entryTypes, fromSequence, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default) =>
        _queries.GetEntryAsync(chainId, sequence, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default) => _queries.GetChainIdsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default) =>
        VerifyAsync(chainId, observe: null, cancellationToken);

    /// <summary>
    /// <see cref="VerifyAsync(string, CancellationToken)"/>, passing each entry below the head to <paramref name="observe"/> in
    /// sequence order, page by page beside the check (on another thread, while the page is hashed), so a caller that needs
    /// every entry (a projection rebuild) reads the chain once. What <paramref name="observe"/> saw may be used only when the
    /// report is valid.
    /// </summary>
    internal Task<ChainVerificationReport> VerifyAsync(string chainId, Action<LedgerEntry>? observe, CancellationToken cancellationToken) =>
        _queries.VerifyAsync(chainId, observe, cancellationToken);

    /// <inheritdoc />
    public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default) => _queries.BeginReadSnapshotAsync(cancellationToken);

    /// <inheritdoc />
    public Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default) =>
        _queries.GetTreeHeadAsync(chainId, treeSize, cancellationToken);

    /// <inheritdoc />
    public Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default) =>
        _queries.GetInclusionProofAsync(chainId, sequence, treeSize, cancellationToken);

    /// <inheritdoc />
    public Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default) =>
        _queries.GetConsistencyProofAsync(chainId, firstSize, secondSize, cancellationToken);
}
