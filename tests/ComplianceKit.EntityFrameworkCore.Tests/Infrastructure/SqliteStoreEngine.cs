using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>SQLite under the store test kit: a new file in the temporary folder per database.</summary>
public sealed class SqliteStoreEngine : IStoreEngine
{
    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public string? Schema => null;

    /// <inheritdoc />
    public string? SkipReason => null;

    /// <inheritdoc />
    public Task<string> CreateDatabaseAsync(string? server = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "compliancekit-tests");
        Directory.CreateDirectory(folder);
        return Task.FromResult($"Data Source={Path.Combine(folder, $"{Guid.NewGuid():N}.db")};Default Timeout=60");
    }

    /// <inheritdoc />
    public Task DropDatabaseAsync(string connectionString)
    {
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString).UseComplianceKitDialect(SqliteLedgerDialect.Instance);
}
