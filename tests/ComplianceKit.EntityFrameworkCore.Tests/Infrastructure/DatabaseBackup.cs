using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A real copy of a <see cref="TestDatabase"/>, as an operator's backup is: SQLite's online backup into another file, or a PostgreSQL
/// database created from the original as its template. <see cref="RestoreAsync"/> puts the copy back in place of the original.
/// </summary>
public sealed class DatabaseBackup : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _copy;

    private DatabaseBackup(TestDatabase database, string copy)
    {
        _database = database;
        _copy = copy;
    }

    /// <summary>Copies <paramref name="database"/> as it is now (no connection of the test may be open on PostgreSQL).</summary>
    public static async Task<DatabaseBackup> TakeAsync(TestDatabase database)
    {
        if (database.Provider == "sqlite")
        {
            var copy = SqlitePath(database.ConnectionString) + ".backup";
            await using var source = new SqliteConnection(database.ConnectionString);
            await using var target = new SqliteConnection($"Data Source={copy}");
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
            return new DatabaseBackup(database, copy);
        }

        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await PostgresAdminAsync(database, $"CREATE DATABASE {name}_backup TEMPLATE {name}");
        return new DatabaseBackup(database, name + "_backup");
    }

    /// <summary>Replaces the database with the copy, as restoring a backup does; every pooled connection is closed first.</summary>
    public async Task RestoreAsync()
    {
        if (_database.Provider == "sqlite")
        {
            SqliteConnection.ClearAllPools();
            var path = SqlitePath(_database.ConnectionString);
            // A write-ahead log left beside the file would be replayed over the restored copy.
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
            File.Copy(_copy, path, overwrite: true);
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database!;
        await PostgresAdminAsync(_database, $"DROP DATABASE {name} WITH (FORCE)");
        await PostgresAdminAsync(_database, $"CREATE DATABASE {name} TEMPLATE {_copy}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_database.Provider == "sqlite")
        {
            File.Delete(_copy);
            return;
        }

        await PostgresAdminAsync(_database, $"DROP DATABASE IF EXISTS {_copy} WITH (FORCE)");
    }

    private static string SqlitePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    private static async Task PostgresAdminAsync(TestDatabase database, string sql)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
