using System.Threading.Channels;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>
/// Copies the database's write-ahead log into the database file on a connection of its own, a moment after the writer's
/// batches commit (<see cref="ILedgerDialect.CheckpointLogAsync"/>), so that the writer's commits do not: on SQLite a commit
/// that finds the log past its limit copies it before it returns, holding the write lock while every caller waits (about
/// one commit in thirty-five in an access storm, each several milliseconds). The writer's own connection still checkpoints
/// past a larger limit if this falls behind or fails. For an engine that checkpoints itself it stops at its first call.
/// </summary>
internal sealed partial class LogCheckpointer : IAsyncDisposable
{
    /// <summary>The shortest time between two checkpoints: each copies what several batches wrote.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long it waits after a failed checkpoint before the next.</summary>
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    private readonly Func<CancellationToken, Task<DbContext>> _createContext;
    private readonly string _chainId;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    // One pending signal at most: commits while a checkpoint runs are all covered by the next one.
    private readonly Channel<bool> _committed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LogCheckpointer(Func<CancellationToken, Task<DbContext>> createContext, string chainId, ILogger logger, TimeProvider time)
    {
        _createContext = createContext;
        _chainId = chainId;
        _logger = logger;
        _time = time;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Tells it a batch committed: the log grew.</summary>
    public void Committed() => _committed.Writer.TryWrite(true);

    /// <summary>Stops after the checkpoint under way, if any, and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        DbContext? context = null;
        try
        {
            while (true)
            {
                await _committed.Reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    context ??= await _createContext(_stop.Token).ConfigureAwait(false);
                    if (!await LedgerDialects.Of(context).CheckpointLogAsync(context.Database.GetDbConnection(), _stop.Token).ConfigureAwait(false))
                    {
                        return; // the engine checkpoints itself
                    }

                    await Task.Delay(Interval, _time, _stop.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The writer's commits checkpoint past their own limit: a failure here costs no caller anything.
                catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogCheckpointFailed(_logger, ex, _chainId);
                    if (context is not null)
                    {
                        await context.DisposeAsync().ConfigureAwait(false);
                        context = null;
                    }

                    await Task.Delay(AfterFailure, _time, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the writer stopped.
        }
        finally
        {
            if (context is not null)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.AccessLogCheckpointFailed, Level = LogLevel.Warning, Message = "Copying the write-ahead log into the database beside the writer of chain '{ChainId}' failed; the writer's commits copy it past their own limit, and it tries again in a second.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string chainId);
}
