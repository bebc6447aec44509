using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// One INSERT statement prepared on the connection's own SQLite handle and run once per row, binding
/// values by position. An append is bound by what it costs per row, and binding through
/// <see cref="SqliteCommand"/> costs more than the insert itself: every execution looks each named
/// parameter up, checks every value's type and re-enumerates the statement. Runs inside the transaction
/// the caller opened on the same connection (which holds SQLite's write lock), so a row never meets
/// <c>SQLITE_BUSY</c>; any other failure is thrown as the <see cref="SqliteException"/> SQLite reports.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteRowInserter(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
    }

    public void Text(int position, string value) => Check(raw.sqlite3_bind_text(_statement, position, value));

    public void Integer(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

    /// <summary>Binds <paramref name="value"/>, or SQL NULL for <see langword="null"/> (a purged payload).</summary>
    public void Blob(int position, byte[]? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_blob(_statement, position, value));

    /// <summary>Inserts the bound row, then resets the statement for the next one.</summary>
    public void Insert()
    {
        var result = raw.sqlite3_step(_statement);
        var reset = raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(reset == raw.SQLITE_OK ? result : reset);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            var message = raw.sqlite3_errmsg(_database).utf8_to_string();
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result, raw.sqlite3_extended_errcode(_database));
        }
    }
}
