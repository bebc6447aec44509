using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// Sets SQLite's busy timeout (<c>PRAGMA busy_timeout</c>) once on every native handle the ledger's contexts open, to the connection's
/// <c>Default Timeout</c> (30 s unless the connection string says otherwise). Without it a write that finds another process holding the file's write
/// lock returns SQLITE_BUSY at once and Microsoft.Data.Sqlite retries it after sleeping 150 ms, again and again: a second writer
/// (the <c>checkpoint</c> command beside a running host) waits in 150 ms steps and loses most races. With it SQLite's own busy
/// handler retries inside the statement after 1, 2, 5, 10 ... 100 ms, so the waiter takes the lock within milliseconds of its
/// release. Appends begin with <c>BEGIN IMMEDIATE</c> (the ledger's own transaction), which waits here too and never needs an
/// upgrade that WAL mode would refuse without waiting.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    // The native handles whose busy timeout is set, with the value: Microsoft.Data.Sqlite's pool keeps a handle (and its timeout)
    // across a connection's close and reopen, so a pooled open needs nothing, where a PRAGMA was prepared and run on every open.
    private static readonly ConditionalWeakTable<sqlite3, StrongBox<int>> Set = new();

    private SqliteBusyTimeout()
    {
    }

    /// <summary>The interceptor (its only state: which native handles are set).</summary>
    public static SqliteBusyTimeout Instance { get; } = new();

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not SqliteConnection { Handle: { } handle } sqlite)
        {
            return;
        }

        var milliseconds = (int)Math.Min((long)sqlite.DefaultTimeout * 1000, int.MaxValue);
        var set = Set.GetOrCreateValue(handle);
        if (set.Value == milliseconds)
        {
            return;
        }

        // What PRAGMA busy_timeout runs, without compiling a statement.
        var result = raw.sqlite3_busy_timeout(handle, milliseconds);
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: setting the busy timeout failed.", result);
        }

        set.Value = milliseconds;
    }
}
