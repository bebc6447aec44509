using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>
/// The SQLite dialect's whole-table delete (the projection rebuild's): it empties a table only when every row belongs to
/// the chain, and deletes nothing when any other chain has a row there, whichever side of the chain id it sorts on.
/// </summary>
public sealed class SqliteDeleteAllRowsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-delete-all-");

    [Fact]
    public async Task TryDeleteAllRows_OnlyThisChain_EmptiesTheTable()
    {
        await using var connection = await OpenAsync(("clinic", "a"), ("clinic", "b"));
        await using var transaction = connection.BeginTransaction();

        Assert.True(await SqliteLedgerDialect.Instance.TryDeleteAllRowsAsync(connection, transaction, "\"t\"", "clinic", CancellationToken.None));

        Assert.Empty(await RowsAsync(connection, transaction));
    }

    [Fact]
    public async Task TryDeleteAllRows_EmptyTable_Succeeds()
    {
        await using var connection = await OpenAsync();
        await using var transaction = connection.BeginTransaction();

        Assert.True(await SqliteLedgerDialect.Instance.TryDeleteAllRowsAsync(connection, transaction, "\"t\"", "clinic", CancellationToken.None));
    }

    [Theory]
    [InlineData("annex")]
    [InlineData("clinic2")]
    [InlineData("Clinic")]
    [InlineData("")]
    public async Task TryDeleteAllRows_AnotherChainHasRows_DeletesNothing(string other)
    {
        await using var connection = await OpenAsync(("clinic", "a"), (other, "a"), ("clinic", "b"));
        await using var transaction = connection.BeginTransaction();

        Assert.False(await SqliteLedgerDialect.Instance.TryDeleteAllRowsAsync(connection, transaction, "\"t\"", "clinic", CancellationToken.None));

        Assert.Equal(3, (await RowsAsync(connection, transaction)).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private async Task<SqliteConnection> OpenAsync(params (string Chain, string Key)[] rows)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "rows.db")}");
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (chain_id TEXT NOT NULL, k TEXT NOT NULL, PRIMARY KEY (chain_id, k))";
        await create.ExecuteNonQueryAsync();
        foreach (var (chain, key) in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (chain_id, k) VALUES (@chain, @k)";
            insert.Parameters.AddWithValue("@chain", chain);
            insert.Parameters.AddWithValue("@k", key);
            await insert.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT chain_id || '/' || k FROM t";
        var rows = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
