using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>
/// What the SQLite dialect sets on its connections. Every native handle a context with the dialect opens waits in SQLite's own
/// busy handler for the connection's Default Timeout, instead of failing at once into Microsoft.Data.Sqlite's 150 ms retry
/// sleep; the group-commit writer's connection gets a 64 MiB page cache and copies its write-ahead log into the database only
/// past 64 MiB (another connection checkpoints beside it), and every other keeps SQLite's 2,000 KiB and 1,000 pages.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-busy-");

    [Theory]
    [InlineData("", 30_000)]
    [InlineData(";Default Timeout=7", 7_000)]
    public async Task ContextWithTheDialect_OpensConnectionsWithBusyTimeoutOfTheDefaultTimeout(string extra, long expected)
    {
        await using var context = Context("busy.db", extra);

        await context.Database.OpenConnectionAsync();

        Assert.Equal(expected, await PragmaAsync(context.Database.GetDbConnection(), "busy_timeout"));
    }

    [Fact]
    public async Task PooledReopen_KeepsTheTimeoutOnTheSameHandleAndSetsAChangedDefaultTimeout()
    {
        // Set once per native handle: the pool keeps the handle, and with it the timeout, across a close.
        await using var context = Context("pooled.db", ";Pooling=True");
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var handle = connection.Handle;
        await context.Database.CloseConnectionAsync();

        await context.Database.OpenConnectionAsync();
        var reopened = (connection.Handle, Timeout: await PragmaAsync(connection, "busy_timeout"));
        await context.Database.CloseConnectionAsync();
        connection.DefaultTimeout = 9;
        await context.Database.OpenConnectionAsync();

        Assert.Same(handle, reopened.Handle);
        Assert.Equal(30_000L, reopened.Timeout);
        Assert.Same(handle, connection.Handle);
        Assert.Equal(9_000L, await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task ConnectionOutsideTheDialect_KeepsSqlitesDefaultOfNoWait()
    {
        // The control: without the dialect's interceptor SQLite returns SQLITE_BUSY at once.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "plain.db")}");
        await connection.OpenAsync();

        Assert.Equal(0L, await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task PrepareWriterConnection_SetsTheWritersPageCacheAndLeavesOtherConnections()
    {
        await using var writer = Context("writer.db", ";Pooling=True");
        await using var reader = Context("writer.db", ";Pooling=True");
        await writer.Database.OpenConnectionAsync();
        await reader.Database.OpenConnectionAsync();

        await SqliteLedgerDialect.Instance.PrepareWriterConnectionAsync(writer.Database.GetDbConnection(), CancellationToken.None);

        Assert.Equal(-65_536L, await PragmaAsync(writer.Database.GetDbConnection(), "cache_size"));
        Assert.Equal(-2_000L, await PragmaAsync(reader.Database.GetDbConnection(), "cache_size"));
        Assert.Equal(16_000L, await PragmaAsync(writer.Database.GetDbConnection(), "wal_autocheckpoint"));
        Assert.Equal(1_000L, await PragmaAsync(reader.Database.GetDbConnection(), "wal_autocheckpoint"));
    }

    [Fact]
    public async Task CheckpointLog_OnAnotherConnection_CopiesWhatTheWritersCommitsLeftInTheLog()
    {
        var file = Path.Combine(_folder.FullName, "log.db");
        await using var writer = Context("log.db", ";Pooling=True");
        await using var other = Context("log.db", ";Pooling=True");
        await writer.Database.OpenConnectionAsync();
        await other.Database.OpenConnectionAsync();
        await writer.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL");
        await SqliteLedgerDialect.Instance.PrepareWriterConnectionAsync(writer.Database.GetDbConnection(), CancellationToken.None);

        // About 2,000 pages in one commit: past SQLite's default of 1,000, so only the writer's raised limit keeps them in the log.
        await writer.Database.ExecuteSqlRawAsync("CREATE TABLE t (v BLOB)");
        await writer.Database.ExecuteSqlRawAsync("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT randomblob(4000) FROM n");
        var beforeCheckpoint = new FileInfo(file).Length;

        var checkpointed = await SqliteLedgerDialect.Instance.CheckpointLogAsync(other.Database.GetDbConnection(), CancellationToken.None);

        Assert.True(checkpointed);
        Assert.True(beforeCheckpoint < 1_000_000, $"the writer's commit copied its log into the database itself ({beforeCheckpoint} bytes)");
        Assert.True(new FileInfo(file).Length > 8_000_000, $"the database holds {new FileInfo(file).Length} bytes after the checkpoint");
        Assert.Equal(2_000L, await ScalarAsync(other.Database.GetDbConnection(), "SELECT count(*) FROM t"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>A context with the SQLite dialect over <paramref name="file"/> in the test's folder, the connection string ending in <paramref name="extra"/>.</summary>
    private ComplianceKitDbContext Context(string file, string extra) => new(new DbContextOptionsBuilder<ComplianceKitDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder.FullName, file)}{extra}")
        .UseComplianceKitDialect(SqliteLedgerDialect.Instance)
        .Options);

    private static Task<long> PragmaAsync(DbConnection connection, string pragma) => ScalarAsync(connection, $"PRAGMA {pragma};");

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
