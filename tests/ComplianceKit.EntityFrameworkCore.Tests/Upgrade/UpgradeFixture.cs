using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ComplianceKit.EntityFrameworkCore.Tests.Upgrade;

/// <summary>Opens a copy of an upgrade fixture (tests/upgrade-fixtures/&lt;name&gt;, made by an older commit on SQLite and PostgreSQL).</summary>
internal static class UpgradeFixture
{
    /// <summary>
    /// On SQLite the fixture's ledger file copied over a new database file; on PostgreSQL a fresh database the fixture's
    /// dump is replayed into. The tables a later version added are not there: the tests' first EnsureCreated adds them.
    /// </summary>
    public static async Task<TestDatabase> OpenAsync(IStoreEngine engine, string fixture)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", fixture);
        var database = await TestDatabase.CreateEmptyAsync(engine, indexSubjectsAndActors: true);
        if (engine is SqliteStoreEngine)
        {
            File.Copy(Path.Combine(folder, "ledger.db"), new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
            return database;
        }

        // pg_dump's plain SQL without psql's meta-commands (\restrict): INSERT statements, then constraints and indexes.
        var script = string.Join('\n', (await File.ReadAllLinesAsync(Path.Combine(folder, "ledger.pg.sql"))).Where(line => !line.StartsWith('\\')));
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var restore = new NpgsqlCommand(script, connection);
            await restore.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools(); // the restore set an empty search_path on its session
        return database;
    }
}
