using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>
/// The SQLite dialect's one-row writer (the projection rebuild's inserts) stores every value exactly as a
/// <see cref="SqliteCommand"/> with named parameters would, and writes nothing when a value is one it does not bind itself.
/// </summary>
public sealed class SqliteInsertRowsTests : IDisposable
{
    private const string Insert = "INSERT INTO t (k, a, b, c, d, e, f, g, h) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-insert-rows-");

    private static readonly object?[][] Rows =
    [
        [null, new byte[] { 0, 1, 255 }, true, 42, long.MaxValue, 2.5, 1.25f, (short)-7],
        ["záznam ✓ 𝄞", Array.Empty<byte>(), false, int.MinValue, 0L, double.PositiveInfinity, -0.5f, (byte)200],
        [new string('x', 1_000), new byte[4_096], DBNull.Value, (sbyte)-1, (uint)4_000_000_000, -1e300, float.MaxValue, (ushort)65_535],
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TryInsertRows_StoresWhatSqliteCommandStores(int rowIndex)
    {
        var row = Rows[rowIndex];
        await using var connection = await OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, transaction, "command", row);

        object?[] values = ["row", .. row, "row 2", .. row];
        Assert.True(SqliteLedgerDialect.Instance.TryInsertRows(connection, Insert, row.Length + 1, values));

        var stored = await StoredAsync(connection, transaction);
        Assert.Equal(3, stored.Count);
        Assert.Equal(stored["command"], stored["row"]);
        Assert.Equal(stored["command"], stored["row 2"]);
    }

    [Theory]
    [InlineData("decimal")]
    [InlineData("guid")]
    [InlineData("date")]
    [InlineData("nan")]
    public async Task TryInsertRows_ValueItDoesNotBindItself_WritesNothing(string kind)
    {
        await using var connection = await OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, transaction, "command", ["text", null, true, 1, 2L, 3.0, 4f, 5]);
        object value = kind switch
        {
            "decimal" => 1.5m,
            "guid" => Guid.Empty,
            "date" => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => double.NaN,
        };

        // The unbindable value is in the second row: the first must not be written either.
        object?[] values = ["a", "text", null, true, 1, 2L, 3.0, 4f, 5, "b", "text", null, true, 1, 2L, value, 4f, 5];
        Assert.False(SqliteLedgerDialect.Instance.TryInsertRows(connection, Insert, 9, values));

        Assert.Equal(["command"], (await StoredAsync(connection, transaction)).Keys);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "rows.db")}");
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (k, a, b, c, d, e, f, g, h)";
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string key, object?[] row)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        object?[] values = [key, .. row];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Each row's columns but the key as SQLite holds them: storage class and SQL literal.</summary>
    private static async Task<Dictionary<string, string[]>> StoredAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT k, " + string.Join(", ", "abcdefgh".Select(c => $"typeof({c}) || ':' || quote({c})")) + " FROM t";
        var rows = new Dictionary<string, string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = [.. Enumerable.Range(1, 8).Select(reader.GetString)];
        }

        return rows;
    }
}
