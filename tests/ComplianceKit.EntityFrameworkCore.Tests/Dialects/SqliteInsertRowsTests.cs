using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>
/// The SQLite dialect's one-row writer (the projection rebuild's inserts) stores every value exactly as a
/// <see cref="SqliteCommand"/> with named parameters would (in multi-row statements, each value bound only when it differs
/// from the one bound before at its position), and writes nothing when a value is one it does not bind itself.
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
        Assert.True(SqliteLedgerDialect.Instance.TryInsertRows(connection, InsertOf, row.Length + 1, values));

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
        Assert.False(SqliteLedgerDialect.Instance.TryInsertRows(connection, InsertOf, 9, values));

        Assert.Equal(["command"], (await StoredAsync(connection, transaction)).Keys);
    }

    [Fact]
    public async Task TryInsertRows_ManyStatementsOfRepeatedAndChangingValues_StoresWhatSqliteCommandStores()
    {
        // 500 parameters a statement: 55 rows of 9 values, so 200 rows are three statements and 35 rows through the one-row
        // statement. Values repeat at a position (skipped binds) and change in ways only the binding tells apart: an equal string
        // in another instance, 0.0 then -0.0, an int then a long, true then 1, a blob array reused or with the same bytes.
        var reused = new byte[] { 7, 7 };
        object?[][] variants =
        [
            ["same", reused, 0.0, 1, true, "tab\t \"quoted\" \\ \u0001 ' ;", null, long.MinValue],
            [new string(['s', 'a', 'm', 'e']), reused, -0.0, 1L, 1, "tab\t \"quoted\" \\ \u0001 ' ;", null, long.MinValue],
            ["Ünïcödé 😀 \u2028", new byte[] { 7, 7 }, -0.0, 1L, false, null, DBNull.Value, 9_007_199_254_740_993L],
            ["same", new byte[] { 7, 7 }, 1e-310, (short)1, false, "", "", -9_007_199_254_740_993L],
        ];
        var expected = new List<(string Key, object?[] Row)>();
        for (var i = 0; i < 200; i++)
        {
            var variant = variants[i % 17 < 9 ? 0 : (i % 17) % variants.Length];
            expected.Add(($"row {i:000}", variant));
        }

        await using var connection = await OpenAsync();
        await using var transaction = connection.BeginTransaction();
        foreach (var (key, row) in expected)
        {
            await ExecuteAsync(connection, transaction, "command " + key, row);
        }

        object?[] values = [.. expected.SelectMany(r => new object?[] { r.Key }.Concat(r.Row))];
        Assert.True(SqliteLedgerDialect.Instance.TryInsertRows(connection, InsertOf, 9, values));

        var stored = await StoredAsync(connection, transaction);
        Assert.Equal(400, stored.Count);
        Assert.All(expected, r => Assert.Equal(stored["command " + r.Key], stored[r.Key]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>The insert of <paramref name="rows"/> rows of table t, as the projection builds it.</summary>
    private static string InsertOf(int rows) =>
        "INSERT INTO t (k, a, b, c, d, e, f, g, h) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(0, 9).Select(c => "@p" + ((r * 9) + c))) + ")"));

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
