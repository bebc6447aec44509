using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>
/// Every connection a context with the SQLite dialect opens waits in SQLite's own busy handler for the connection's Default Timeout,
/// instead of failing at once into Microsoft.Data.Sqlite's 150 ms retry sleep.
/// </summary>
public sealed class SqliteBusyTimeoutTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-busy-");

    [Theory]
    [InlineData("", 30_000)]
    [InlineData(";Default Timeout=7", 7_000)]
    public async Task ContextWithTheDialect_OpensConnectionsWithBusyTimeoutOfTheDefaultTimeout(string extra, long expected)
    {
        var options = new DbContextOptionsBuilder<ComplianceKitDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder.FullName, "busy.db")}{extra}")
            .UseComplianceKitDialect(SqliteLedgerDialect.Instance)
            .Options;
        await using var context = new ComplianceKitDbContext(options);

        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task PooledReopen_KeepsTheTimeoutOnTheSameHandleAndSetsAChangedDefaultTimeout()
    {
        // Set once per native handle: the pool keeps the handle, and with it the timeout, across a close.
        var options = new DbContextOptionsBuilder<ComplianceKitDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder.FullName, "pooled.db")};Pooling=True")
            .UseComplianceKitDialect(SqliteLedgerDialect.Instance)
            .Options;
        await using var context = new ComplianceKitDbContext(options);
        var connection = (SqliteConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var handle = connection.Handle;
        await context.Database.CloseConnectionAsync();

        await context.Database.OpenConnectionAsync();
        var reopened = (connection.Handle, await BusyTimeoutAsync(connection));
        await context.Database.CloseConnectionAsync();
        connection.DefaultTimeout = 9;
        await context.Database.OpenConnectionAsync();

        Assert.Same(handle, reopened.Handle);
        Assert.Equal(30_000L, reopened.Item2);
        Assert.Same(handle, connection.Handle);
        Assert.Equal(9_000L, await BusyTimeoutAsync(connection));
    }

    private static async Task<long> BusyTimeoutAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ConnectionOutsideTheDialect_KeepsSqlitesDefaultOfNoWait()
    {
        // The control: without the dialect's interceptor SQLite returns SQLITE_BUSY at once.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.FullName, "plain.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
