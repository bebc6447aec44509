using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// One statement prepared on the connection's own SQLite handle, with values bound by position, for
/// the append path. An append is bound by what it costs per row, and running a statement through
/// <see cref="SqliteCommand"/> costs more than the insert itself: every execution looks each named
/// parameter up, checks every value's type and re-enumerates the statement.
/// </summary>
/// <remarks>
/// Only for statements run while the caller's transaction on the same connection holds SQLite's write
/// lock (a transaction ComplianceKit began, which takes it at <c>BEGIN</c>, or after the lock
/// statement ran through <see cref="SqliteCommand"/>, which waits for a busy database), or reads inside a
/// read snapshot whose first read ran through <see cref="SqliteCommand"/> (verification's pages): such a
/// statement never meets <c>SQLITE_BUSY</c>, so nothing needs the retries
/// <see cref="SqliteCommand"/> makes. Any failure is thrown as the <see cref="SqliteException"/> SQLite reports.
/// </remarks>
internal sealed class SqliteStatement : IDisposable
{
    // The statements of an append, kept prepared per open connection: a batch would otherwise spend a
    // fifth of its CPU time compiling the same five statements.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteStatement>> Prepared = new();

    private const int MaxStackChars = 256;

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly bool _kept;

    private SqliteStatement(sqlite3 database, string sql, bool kept)
    {
        _database = database;
        _kept = kept;
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> on <paramref name="connection"/>, prepared on first use and
    /// kept until the connection closes (a long-lived writer's connection keeps its statements for its
    /// life). Disposing it only resets it for the next use.
    /// </summary>
    public static SqliteStatement For(SqliteConnection connection, string sql)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var statements = Prepared.GetValue(connection, Track);
        if (statements.TryGetValue(sql, out var kept))
        {
            if (ReferenceEquals(kept._database, database))
            {
                return kept;
            }

            Release(statements); // opened again on another handle without a close we saw
        }

        kept = new SqliteStatement(database, sql, kept: true);
        statements.Add(sql, kept);
        return kept;
    }

    /// <summary>
    /// Finalizes a connection's kept statements when it closes: SQLite cannot close a handle (nor, on
    /// Windows, release its file) while statements prepared on it are alive.
    /// </summary>
    private static Dictionary<string, SqliteStatement> Track(SqliteConnection connection)
    {
        var statements = new Dictionary<string, SqliteStatement>(StringComparer.Ordinal);
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == ConnectionState.Closed)
            {
                Release(statements);
            }
        };
        return statements;
    }

    private static void Release(Dictionary<string, SqliteStatement> statements)
    {
        foreach (var statement in statements.Values)
        {
            statement._statement.Dispose();
        }

        statements.Clear();
    }

    /// <summary>
    /// Binds <paramref name="value"/> as UTF-8 encoded on the stack (SQLite copies it): the string overload of
    /// SQLitePCL allocates a buffer per value, four per entry row.
    /// </summary>
    public void Text(int position, string value)
    {
        if (value.Length > MaxStackChars)
        {
            Check(raw.sqlite3_bind_text(_statement, position, Encoding.UTF8.GetBytes(value)));
            return;
        }

        Span<byte> utf8 = stackalloc byte[MaxStackChars * 3];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(_statement, position, utf8[..length]));
    }

    public void Integer(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

    /// <summary>Binds <paramref name="value"/>, or SQL NULL for <see langword="null"/>.</summary>
    public void Integer(int position, long? value) =>
        Check(value is { } number ? raw.sqlite3_bind_int64(_statement, position, number) : raw.sqlite3_bind_null(_statement, position));

    /// <summary>Binds <paramref name="value"/>, or SQL NULL for <see langword="null"/> (a purged payload).</summary>
    public void Blob(int position, byte[]? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_blob(_statement, position, value));

    /// <summary>
    /// Whether <see cref="Value"/> binds <paramref name="value"/> exactly as <see cref="SqliteCommand"/> would: SQL NULL, text,
    /// a blob, an integer (a boolean as 0 or 1) or a real (<see cref="SqliteCommand"/> refuses NaN, so it is left to it).
    /// </summary>
    public static bool CanBind(object? value) => value switch
    {
        null or DBNull or string or byte[] or bool or byte or sbyte or short or ushort or int or uint or long => true,
        double real => !double.IsNaN(real),
        float real => !float.IsNaN(real),
        _ => false,
    };

    /// <summary>Binds a value <see cref="CanBind"/> accepts.</summary>
    public void Value(int position, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                Check(raw.sqlite3_bind_null(_statement, position));
                break;
            case string text:
                Text(position, text);
                break;
            case byte[] bytes:
                Blob(position, bytes);
                break;
            case double real:
                Check(raw.sqlite3_bind_double(_statement, position, real));
                break;
            case float real:
                Check(raw.sqlite3_bind_double(_statement, position, real));
                break;
            case bool flag:
                Integer(position, flag ? 1L : 0L);
                break;
            case byte or sbyte or short or ushort or int or uint or long:
                Integer(position, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"A {value.GetType().Name} is not bound here: check CanBind first.", nameof(value));
        }
    }

    /// <summary>
    /// Runs the statement once for each <paramref name="parameters"/> values of <paramref name="values"/> (its parameters in
    /// order; each a value <see cref="CanBind"/> accepts). A value equal to the one bound at the same position for the run
    /// before is not bound again: SQLite keeps a binding across resets, and the same value stores the same bytes.
    /// </summary>
    public void ExecuteEach(ReadOnlySpan<object?> values, int parameters)
    {
        for (var start = 0; start < values.Length; start += parameters)
        {
            for (var i = 0; i < parameters; i++)
            {
                var value = values[start + i];
                if (start == 0 || !SameBinding(value, values[start - parameters + i]))
                {
                    Value(i + 1, value);
                }
            }

            Execute();
        }
    }

    /// <summary>
    /// Whether <see cref="Value"/> binds <paramref name="value"/> exactly as it bound <paramref name="bound"/>: the same null,
    /// text, integer of the same type, or real of the same bits (0.0 and -0.0 are equal as numbers, not as bindings); a blob
    /// only if it is the same array.
    /// </summary>
    private static bool SameBinding(object? value, object? bound) => value switch
    {
        null or DBNull => bound is null or DBNull,
        string text => bound is string other && string.Equals(text, other, StringComparison.Ordinal),
        double real => bound is double other && BitConverter.DoubleToInt64Bits(real) == BitConverter.DoubleToInt64Bits(other),
        float real => bound is float other && BitConverter.SingleToInt32Bits(real) == BitConverter.SingleToInt32Bits(other),
        byte[] => ReferenceEquals(value, bound),
        _ => bound is not null && value.GetType() == bound.GetType() && value.Equals(bound),
    };

    /// <summary>Runs a statement that returns no rows, then resets it for the next values.</summary>
    public void Execute()
    {
        var result = raw.sqlite3_step(_statement);
        var reset = raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(reset == raw.SQLITE_OK ? result : reset);
        }
    }

    /// <summary>Steps to the next row of a query; <see langword="false"/> once there is none.</summary>
    public bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }

        return false;
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>The column's bytes (empty for NULL or a zero-length blob).</summary>
    public byte[] Bytes(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <summary>The column's text, decoded from UTF-8 as <see cref="SqliteDataReader.GetString"/> does (the caller checks for NULL).</summary>
    public string ColumnText(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>Resets a kept statement (and drops its values) for its next use; finalizes any other.</summary>
    public void Dispose()
    {
        if (_kept)
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement); // keeps no entry bytes between appends
        }
        else
        {
            _statement.Dispose();
        }
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            var message = raw.sqlite3_errmsg(_database).utf8_to_string();
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result, raw.sqlite3_extended_errcode(_database));
        }
    }
}
