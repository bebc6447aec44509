using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
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
        var path = PathOf(connectionString);
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ComplianceKit.EntityFrameworkCore.Dialects.ILedgerDialect Dialect => SqliteLedgerDialect.Instance;

    /// <inheritdoc />
    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString).UseComplianceKitDialect(Dialect);

    /// <inheritdoc />
    public string RefuseInsertSql(string trigger, string table, string condition, string message) =>
        $"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END;";

    /// <inheritdoc />
    public async Task<string> BackUpAsync(string connectionString)
    {
        var copy = PathOf(connectionString) + ".backup";
        await using var source = new SqliteConnection(connectionString);
        await using var target = new SqliteConnection($"Data Source={copy}");
        await source.OpenAsync();
        await target.OpenAsync();
        source.BackupDatabase(target);
        return copy;
    }

    /// <inheritdoc />
    public Task RestoreAsync(string connectionString, string backup)
    {
        SqliteConnection.ClearAllPools();
        var path = PathOf(connectionString);
        // A write-ahead log left beside the file would be replayed over the restored copy.
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        File.Copy(backup, path, overwrite: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteBackupAsync(string connectionString, string backup)
    {
        File.Delete(backup);
        return Task.CompletedTask;
    }

    private static string PathOf(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
