using System.Diagnostics;
using System.Threading.Channels;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>
/// The single consumer of a bounded queue: takes what is queued (up to a batch of access events and entries other
/// components hand to the chain's one writer), appends it in one transaction through <see cref="LedgerWriter"/> on a
/// context it owns, then completes every caller of the batch with its entry, or fails them all with the error. Between batches it writes the chain's access side index
/// (<see cref="AccessIndexer"/>) once a block's worth of entries is past it, when idle, and at shutdown, and merges its wholly
/// indexed spans one short step per batch or while idle (<see cref="AccessIndexMerger"/>); callers never wait for either.
/// Beside it, <see cref="LogCheckpointer"/> copies the write-ahead log into the database after batches, so its commits need not.
/// </summary>
internal sealed partial class GroupCommitWriter : IDisposable
{
    private readonly Channel<IPendingWrite> _queue;
    private readonly Func<CancellationToken, Task<DbContext>> _createContext;
    private readonly string _chainId;
    private readonly IClock _clock;
    private readonly GroupCommitOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<AccessEvent> _unwritten = [];
    private readonly Task _loop;
    private readonly IDisposable _queueDepth;
    private readonly LogCheckpointer _checkpointer;
    private DbContext? _context;
    private ChainState? _knownHead; // the head this writer last committed (PostgreSQL: see KnownHeadAppender)
    private Task<GroupCommitShutdownReport>? _shutdown;
    private volatile bool _closed;
    private int _written;
    private long _indexLag = long.MaxValue; // unknown at start: the first batch catches the index up (an upgraded database)
    private bool _mergeLeft; // set once indexing moves on: a wholly indexed span may wait to be merged

    /// <summary>How long the writer waits with nothing queued before it indexes what lags.</summary>
    private static readonly TimeSpan IdleBeforeIndexing = TimeSpan.FromMilliseconds(50);

    /// <summary>The most entries one index transaction takes when idle or at shutdown (an upgraded chain is indexed in such steps).</summary>
    private const long IndexedWhenIdle = 65_536;

    public GroupCommitWriter(Func<CancellationToken, Task<DbContext>> createContext, string chainId, IClock clock,
        GroupCommitOptions options, ILogger logger, TimeProvider time)
    {
        _createContext = createContext;
        _chainId = chainId;
        _clock = clock;
        _options = options;
        _logger = logger;
        _time = time;
        _queue = Channel.CreateBounded<IPendingWrite>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false, // shutdown drains beside the loop once it gives up
            SingleWriter = false,
        });
        _queueDepth = ComplianceKitDiagnostics.ObserveAccessQueue(chainId, () => _queue.Reader.Count);
        _indexLag = options.WritesAccessIndex ? long.MaxValue : 0;
        _checkpointer = new LogCheckpointer(createContext, chainId, logger, time);
        _loop = Task.Run(RunAsync);
    }

    public int QueueLength => _queue.Reader.Count;

    public bool IsClosed => _closed;

    /// <summary>
    /// Queues <paramref name="item"/>: an access event waits for room or fails as configured; another entry always waits
    /// (a background component such as the checkpoint publisher can wait, and must not be refused for callers' load).
    /// </summary>
    public async ValueTask EnqueueAsync(IPendingWrite item, CancellationToken cancellationToken)
    {
        if (_options.QueueFullMode == QueueFullMode.Fail && item.Event is not null)
        {
            if (!_queue.Writer.TryWrite(item))
            {
                if (!IsClosed)
                {
                    ComplianceKitDiagnostics.AccessQueueRejections.Add(1, ComplianceKitDiagnostics.ChainTag(_chainId));
                }

                throw IsClosed
                    ? Closed()
                    : new AccessQueueFullException($"The access log's queue is full ({_options.QueueCapacity} events wait for the database); the event was not recorded.");
            }

            return;
        }

        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw Closed(ex);
        }
    }

    /// <summary>
    /// Stops accepting events, commits what is queued for up to <paramref name="timeout"/>, then fails
    /// and reports the rest. Later calls return the first call's task.
    /// </summary>
    public Task<GroupCommitShutdownReport> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_unwritten)
        {
            if (_shutdown is null)
            {
                _closed = true;
                _queue.Writer.TryComplete();
                _shutdown = ShutdownCoreAsync(timeout, cancellationToken);
            }

            return _shutdown;
        }
    }

    private async Task<GroupCommitShutdownReport> ShutdownCoreAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timedOut = false;
        try
        {
            await _loop.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Give up: stop the batch in flight (rolled back unless its commit already began) and fail what waits.
            timedOut = true;
            await _abort.CancelAsync().ConfigureAwait(false);
            while (_queue.Reader.TryRead(out var item))
            {
                FailUnwritten(item, null);
            }

            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Dispose();
        var report = Report(timedOut);
        if (!report.IsComplete)
        {
            LogUnwritten(_logger, report.Unwritten.Count, report.Written, _chainId);
        }

        return report;
    }

    /// <summary>Releases the abort signal and stops reporting the queue's depth; only once the loop has stopped.</summary>
    public void Dispose()
    {
        _queueDepth.Dispose();
        _abort.Dispose();
    }

    private GroupCommitShutdownReport Report(bool timedOut)
    {
        lock (_unwritten)
        {
            return new GroupCommitShutdownReport(_written, [.. _unwritten], timedOut);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<IPendingWrite>(Math.Min(_options.MaxBatchSize, 1024));
        var prepared = new List<PreparedEntry>(batch.Capacity);
        try
        {
            while (await WaitForEventsAsync(reader).ConfigureAwait(false))
            {
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count > 0 && batch.Count < _options.MaxBatchSize && _options.MaxBatchDelay > TimeSpan.Zero)
                {
                    await FillAsync(batch).ConfigureAwait(false);
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch, prepared).ConfigureAwait(false);
                    batch.Clear();
                }

                if (_indexLag >= AccessIndexLayout.BlockSize)
                {
                    await IndexAsync(4 * AccessIndexLayout.BlockSize).ConfigureAwait(false);
                }
                else if (_mergeLeft)
                {
                    await MergeAsync().ConfigureAwait(false); // one short step between batches: callers wait for a batch, not a span
                }
            }

            await IndexAsync(IndexedWhenIdle).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A writer that stops must not leave callers waiting for ever: they are failed instead.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWriterStopped(_logger, ex, _chainId);
            _queue.Writer.TryComplete(ex);
            batch.ForEach(item => item.Failed(ex));
            while (reader.TryRead(out var item))
            {
                item.Failed(ex);
            }
        }
        finally
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
            if (_context is not null)
            {
                await _context.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for events; while the index lags and nothing comes for <see cref="IdleBeforeIndexing"/>, indexes what lags first.</summary>
    private async Task<bool> WaitForEventsAsync(ChannelReader<IPendingWrite> reader)
    {
        while ((_indexLag > 0 || _mergeLeft) && !_abort.IsCancellationRequested)
        {
            using var idle = new CancellationTokenSource(IdleBeforeIndexing, _time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _abort.Token);
            try
            {
                return await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !_abort.IsCancellationRequested)
            {
                await IndexAsync(IndexedWhenIdle).ConfigureAwait(false);
                while (_indexLag == 0 && _mergeLeft && reader.Count == 0 && !_abort.IsCancellationRequested)
                {
                    await MergeAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Shutdown gave up: the loop drains what is left and ends.
            }
        }

        return await reader.WaitToReadAsync().ConfigureAwait(false);
    }

    /// <summary>Writes up to <paramref name="maxEntries"/> entries into the side index in a transaction of its own.</summary>
    private Task IndexAsync(long maxEntries) => IndexStepAsync("Indexed", async (context, activity) =>
    {
        (var indexed, _indexLag) = await AccessIndexer.CatchUpAsync(context, _chainId, maxEntries, _abort.Token).ConfigureAwait(false);
        activity?.SetTag(ComplianceKitTagNames.Entries, indexed);
        _mergeLeft |= indexed > 0;
    });

    /// <summary>Merges one key range of a wholly indexed span (<see cref="AccessIndexMerger"/>) in a transaction of its own.</summary>
    private Task MergeAsync() => IndexStepAsync("Merged", async (context, _) =>
        _mergeLeft = await AccessIndexMerger.StepAsync(context, _chainId, _abort.Token).ConfigureAwait(false));

    /// <summary>
    /// Runs one step of the side index's upkeep in a span of its own (<see cref="ComplianceKitActivityNames.AccessIndex"/>:
    /// the writer's time that is not its batches). A failure costs no caller anything (lookups read unindexed entries
    /// directly, and every block of an unmerged span): it is logged and tried again a block later.
    /// </summary>
    private async Task IndexStepAsync(string status, Func<DbContext, Activity?, Task> step)
    {
        if (_abort.IsCancellationRequested || !_options.WritesAccessIndex)
        {
            return;
        }

        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.AccessIndex, _chainId);
        activity?.SetTag(ComplianceKitTagNames.Status, status);
        try
        {
            _context ??= await _createContext(_abort.Token).ConfigureAwait(false);
            await step(_context, activity).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The index is an optimisation over the entries: its failure must not stop the writer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            _indexLag = 0;
            _mergeLeft = false;
            var context = _context;
            _context = null;
            _knownHead = null;
            if (context is not null)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }

            if (!_abort.IsCancellationRequested)
            {
                LogIndexFailed(_logger, ex, _chainId);
            }
        }
    }

    private async Task FillAsync(List<IPendingWrite> batch)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var deadline = Task.Delay(_options.MaxBatchDelay, _time, wait.Token);
        try
        {
            while (batch.Count < _options.MaxBatchSize)
            {
                if (_queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    continue;
                }

                var more = _queue.Reader.WaitToReadAsync(wait.Token).AsTask();
                if (await Task.WhenAny(more, deadline).ConfigureAwait(false) != more || !await more.ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown gave up while the batch was filling: CommitAsync fails it.
        }
        finally
        {
            await wait.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<IPendingWrite> batch, List<PreparedEntry> prepared)
    {
        if (_abort.IsCancellationRequested)
        {
            batch.ForEach(item => FailUnwritten(item, null));
            return;
        }

        prepared.Clear();
        foreach (var item in batch)
        {
            prepared.Add(item.Prepared);
        }

        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Append, _chainId);
        activity?.SetTag(ComplianceKitTagNames.Entries, batch.Count);
        try
        {
            _context ??= await _createContext(_abort.Token).ConfigureAwait(false);
            var receipt = await AppendAsync(_context, prepared).ConfigureAwait(false);
            ComplianceKitDiagnostics.RecordAppend(_chainId, batch.Count);
            _checkpointer.Committed();
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Committed(receipt.Entries[i]);
            }

            if (IsClosed)
            {
                Interlocked.Add(ref _written, batch.Count);
            }

            _indexLag = _indexLag == long.MaxValue || !_options.WritesAccessIndex ? _indexLag : _indexLag + batch.Count;
        }
#pragma warning disable CA1031 // Any failure of the batch is its callers' failure; the writer must keep serving the next batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ComplianceKitDiagnostics.Fail(activity, ex);

            // A fresh context (and connection) and a head read anew for the next batch: this one may be broken.
            var context = _context;
            _context = null;
            _knownHead = null;
            if (context is not null)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }

            if (IsClosed)
            {
                batch.ForEach(item => FailUnwritten(item, ex));
            }
            else
            {
                LogBatchFailed(_logger, ex, batch.Count, _chainId);
                batch.ForEach(item => item.Failed(ex));
            }
        }
    }

    /// <summary>
    /// Appends the batch: on PostgreSQL in one round trip when the head is still the one this writer
    /// last committed, otherwise (first batch, another writer moved the head, SQLite) under the lock after reading it.
    /// </summary>
    private async Task<AppendReceipt> AppendAsync(DbContext context, List<PreparedEntry> prepared)
    {
        var known = _knownHead;
        _knownHead = null; // spent until this batch commits
        if (known is not null && KnownHeadAppender.Applies(context)
            && await KnownHeadAppender.TryAppendAsync(context, known, prepared, _clock, _abort.Token).ConfigureAwait(false) is { } receipt)
        {
            _knownHead = known;
            return receipt;
        }

        var (locked, head) = await LedgerWriter.AppendReturningHeadAsync(context, _chainId, prepared, _clock, _abort.Token).ConfigureAwait(false);
        _knownHead = KnownHeadAppender.Applies(context) ? head : null;
        return locked;
    }

    private void FailUnwritten(IPendingWrite item, Exception? cause)
    {
        if (item.Event is { } unwritten)
        {
            lock (_unwritten)
            {
                _unwritten.Add(unwritten);
            }
        }

        item.Failed(new ObjectDisposedException(nameof(GroupCommitWriter),
            $"The access log shut down before this event was committed{(cause is null ? "" : $" ({cause.Message})")}."));
    }

    private static ObjectDisposedException Closed(Exception? inner = null) =>
        new("The access log is shut down; the event was not recorded.", inner);

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessBatchFailed, Level = LogLevel.Error, Message = "A group commit of {Count} access events to chain '{ChainId}' failed; its callers were failed with the error.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string chainId);

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessIndexFailed, Level = LogLevel.Warning, Message = "Writing the access index of chain '{ChainId}' failed; lookups read the entries it lags behind, and the writer tries again later.")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, string chainId);

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessShutdownUnwritten, Level = LogLevel.Error, Message = "The access log shut down with {Unwritten} access events not written ({Written} committed while shutting down) on chain '{ChainId}'.")]
    private static partial void LogUnwritten(ILogger logger, int unwritten, int written, string chainId);

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessWriterStopped, Level = LogLevel.Critical, Message = "The group-commit writer of chain '{ChainId}' stopped; queued access events were failed.")]
    private static partial void LogWriterStopped(ILogger logger, Exception exception, string chainId);
}
