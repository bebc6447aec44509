using ComplianceKit.Access;
using ComplianceKit.Canonicalization;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Ledger;
using ComplianceKit.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>
/// Records access events with group commit: concurrent callers' events are gathered into one
/// transaction per batch on a context this writer owns (from the host's
/// <see cref="IDbContextFactory{TContext}"/>), so thousands of reads a minute cost a few commits a
/// second, and every caller's task completes only once its own entry is committed.
/// </summary>
/// <typeparam name="TContext">The host's context, with <c>ApplyComplianceKit()</c> in its model.</typeparam>
/// <remarks>
/// <para>
/// Guarantees: an acknowledged event (its task completed) is committed, so a crash loses only events
/// never acknowledged. A batch is one transaction: when it fails, every caller in it gets the error and
/// none is acknowledged. Memory is bounded by <see cref="GroupCommitOptions.QueueCapacity"/>; when the
/// queue is full callers wait or get <see cref="AccessQueueFullException"/>, as configured. Several app
/// instances may write to one database: the chain's head-row lock serializes their batches.
/// </para>
/// <para>
/// Validation, pseudonymization, canonicalization and hashing of the payload happen on the caller's
/// thread, before the event is queued; only the link into the chain waits for the writer. Thread safe;
/// register it as a singleton. It is also its chain's one writer in the host (<see cref="IChainWriter"/>): other entries
/// of the chain, such as the checkpoint publisher's, are committed in its batches instead of contending for the chain's lock. Disposing it shuts it down with <see cref="GroupCommitOptions.ShutdownTimeout"/>
/// and logs what could not be written; call <see cref="ShutdownAsync(CancellationToken)"/> to get the report.
/// </para>
/// </remarks>
public sealed class GroupCommitAccessLog<TContext> : IAccessAuditLog, IChainWriter, IAsyncDisposable, IDisposable
    where TContext : DbContext, IComplianceKitDbContext
{
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly GroupCommitOptions _groupCommit;
    private readonly PayloadPrivacyGuard _guard;
    private readonly AccessEventEncoder _encoder;
    private readonly GroupCommitWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Creates the log and starts its writer.</summary>
    /// <param name="contextFactory">Makes the writer's own context (the host registers it with <c>AddDbContextFactory</c>).</param>
    /// <param name="clock">Stamps occurred-at of events that state none, and recorded-at.</param>
    /// <param name="options">The ledger's options (payload limits, PHI guard).</param>
    /// <param name="accessOptions">The access chain and the pseudonym key.</param>
    /// <param name="groupCommitOptions">Batch size, longest wait, queue capacity and shutdown timeout.</param>
    /// <param name="logger">Receives failed batches and shutdown reports; none when omitted.</param>
    /// <param name="timeProvider">Times <see cref="GroupCommitOptions.MaxBatchDelay"/> and the shutdown timeout; the system's when omitted.</param>
    /// <exception cref="ArgumentException">The pseudonym key is missing or short, the chain id is invalid, or a group-commit setting is out of range.</exception>
    public GroupCommitAccessLog(IDbContextFactory<TContext> contextFactory, IClock clock, IOptions<ComplianceKitOptions> options,
        IOptions<AccessAuditOptions> accessOptions, IOptions<GroupCommitOptions> groupCommitOptions,
        ILogger<GroupCommitAccessLog<TContext>>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(accessOptions);
        ArgumentNullException.ThrowIfNull(groupCommitOptions);
        _clock = clock;
        _options = options.Value;
        _groupCommit = groupCommitOptions.Value;
        if (_groupCommit.FindError(_options.MaxBatchSize) is { } error)
        {
            throw new ArgumentException(error, nameof(groupCommitOptions));
        }

        var access = accessOptions.Value;
        try
        {
            LedgerLimits.ValidateChainId(access.ChainId);
        }
        catch (LedgerValidationException ex)
        {
            throw new ArgumentException(ex.Message, nameof(accessOptions), ex);
        }

        var key = access.PseudonymKey
            ?? throw new ArgumentException("AccessAuditOptions.PseudonymKey is required: record references are pseudonymized with it.", nameof(accessOptions));
        _encoder = new AccessEventEncoder(new RecordPseudonymizer(key));
        _guard = new PayloadPrivacyGuard(_options.AllowPhiInPayloads);
        ChainId = access.ChainId;
        _time = timeProvider ?? TimeProvider.System;
        _writer = new GroupCommitWriter(ct => OpenAsync(contextFactory, ct), ChainId, clock, _groupCommit, (ILogger?)logger ?? NullLogger.Instance, _time);
    }

    /// <summary>The chain the events are appended to.</summary>
    public string ChainId { get; }

    /// <summary>How many events wait for the writer now (for health checks and metrics).</summary>
    public int QueueLength => _writer.QueueLength;

    /// <inheritdoc />
    public async Task<AccessReceipt> RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_writer.IsClosed, this);
        var started = _time.GetTimestamp();
        var draft = _encoder.Encode(accessEvent, _clock.GetCurrentInstant());
        var pending = new PendingAccess(accessEvent, PreparedEntry.PrepareCanonical(draft, _options, _guard));
        await _writer.EnqueueAsync(pending, cancellationToken).ConfigureAwait(false);
        var receipt = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        ComplianceKitDiagnostics.AccessAcknowledgementDuration.Record(_time.GetElapsedTime(started).TotalSeconds, ComplianceKitDiagnostics.ChainTag(ChainId));
        return receipt;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The entry joins the next batch, between access events, whatever <see cref="GroupCommitOptions.QueueFullMode"/> says
    /// (it waits for room). Prepared on the caller's thread under the ledger's limits and PHI guard, like an event. Not
    /// listed in <see cref="GroupCommitShutdownReport.Unwritten"/> when shutdown fails it: its caller gets the error.
    /// </remarks>
    public async Task<LedgerEntry> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_writer.IsClosed, this);
        var pending = new PendingEntry(PreparedEntry.Prepare(draft, _options, _guard));
        await _writer.EnqueueAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shuts down with <see cref="GroupCommitOptions.ShutdownTimeout"/>; see <see cref="ShutdownAsync(TimeSpan, CancellationToken)"/>.</summary>
    public Task<GroupCommitShutdownReport> ShutdownAsync(CancellationToken cancellationToken = default) =>
        ShutdownAsync(_groupCommit.ShutdownTimeout, cancellationToken);

    /// <summary>
    /// Stops accepting events (later calls get <see cref="ObjectDisposedException"/>) and commits what
    /// is queued. When <paramref name="timeout"/> runs out (or <paramref name="cancellationToken"/> is
    /// cancelled) first, the batch in flight is stopped (rolled back unless its commit had begun) and
    /// every event not committed is failed and listed in the report. Returns once the writer has
    /// stopped; calling it again returns the first call's report (and its timeout applies).
    /// </summary>
    public Task<GroupCommitShutdownReport> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _writer.ShutdownAsync(timeout, cancellationToken);

    /// <summary>Shuts down with <see cref="GroupCommitOptions.ShutdownTimeout"/>, logging what could not be written.</summary>
    public async ValueTask DisposeAsync() => await ShutdownAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>Shuts down as <see cref="DisposeAsync"/> does, blocking the calling thread until the writer stops.</summary>
    public void Dispose() => ShutdownAsync(CancellationToken.None).GetAwaiter().GetResult();

    private static async Task<DbContext> OpenAsync(IDbContextFactory<TContext> factory, CancellationToken cancellationToken)
    {
        var context = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Kept open for the writer's life (until a batch fails), so a batch costs no connection open and close.
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await LedgerDialects.Of(context).PrepareWriterConnectionAsync(context.Database.GetDbConnection(), cancellationToken).ConfigureAwait(false);
            return context;
        }
        catch
        {
            await context.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
