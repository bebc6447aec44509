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
