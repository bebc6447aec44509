using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// Sets <c>PRAGMA busy_timeout</c> on every connection the ledger's contexts open, to the connection's <c>Default Timeout</c>
/// (30 s unless the connection string says otherwise). Without it a write that finds another process holding the file's write
/// lock returns SQLITE_BUSY at once and Microsoft.Data.Sqlite retries it after sleeping 150 ms, again and again: a second writer
/// (the <c>checkpoint</c> command beside a running host) waits in 150 ms steps and loses most races. With it SQLite's own busy
/// handler retries inside the statement after 1, 2, 5, 10 ... 100 ms, so the waiter takes the lock within milliseconds of its
/// release. Appends begin with <c>BEGIN IMMEDIATE</c> (the ledger's own transaction), which waits here too and never needs an
/// upgrade that WAL mode would refuse without waiting.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private SqliteBusyTimeout()
    {
    }

    /// <summary>The interceptor (stateless).</summary>
    public static SqliteBusyTimeout Instance { get; } = new();

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = Pragma(connection);
        command?.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = Pragma(connection);
        if (command is not null)
        {
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static SqliteCommand? Pragma(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return null;
        }

        var command = sqlite.CreateCommand();
        var milliseconds = (long)sqlite.DefaultTimeout * 1000;
        command.CommandText = $"PRAGMA busy_timeout = {Math.Min(milliseconds, int.MaxValue).ToString(CultureInfo.InvariantCulture)};";
        return command;
    }
}
