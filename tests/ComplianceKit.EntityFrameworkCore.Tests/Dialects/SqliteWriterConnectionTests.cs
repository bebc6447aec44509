using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>The group-commit writer's connection gets a 64 MiB page cache; every other connection keeps SQLite's 2,000 KiB.</summary>
public sealed class SqliteWriterConnectionTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-writer-");

    [Fact]
    public async Task PrepareWriterConnection_SetsTheWritersPageCacheAndLeavesOtherConnections()
    {
        var options = new DbContextOptionsBuilder<ComplianceKitDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder.FullName, "writer.db")};Pooling=True")
            .UseComplianceKitDialect(SqliteLedgerDialect.Instance)
            .Options;
        await using var writer = new ComplianceKitDbContext(options);
        await using var reader = new ComplianceKitDbContext(options);
        await writer.Database.OpenConnectionAsync();
        await reader.Database.OpenConnectionAsync();

        await SqliteLedgerDialect.Instance.PrepareWriterConnectionAsync(writer.Database.GetDbConnection(), CancellationToken.None);

        Assert.Equal(-65_536L, await CacheSizeAsync(writer));
        Assert.Equal(-2_000L, await CacheSizeAsync(reader));
    }

    private static async Task<long> CacheSizeAsync(DbContext context)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA cache_size;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
