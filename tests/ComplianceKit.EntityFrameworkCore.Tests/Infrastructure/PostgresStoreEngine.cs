using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>PostgreSQL under the store test kit: a fresh database per test on the configured server, tables in a host schema.</summary>
public sealed class PostgresStoreEngine : IStoreEngine
{
    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public string? Schema => "compliance";

    /// <inheritdoc />
    public string? SkipReason => PostgresServer.SkipReason;

    /// <inheritdoc />
    public async Task<string> CreateDatabaseAsync(string? server = null)
    {
        server ??= PostgresServer.ConnectionString
            ?? throw new InvalidOperationException($"CI needs PostgreSQL: {PostgresServer.Variable} is not set (.ci/run sets it).");
        var name = $"ck_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public Task DropDatabaseAsync(string connectionString) =>
        AdministerAsync(connectionString, $"DROP DATABASE IF EXISTS {DatabaseOf(connectionString)} WITH (FORCE)");

    /// <inheritdoc />
    public ComplianceKit.EntityFrameworkCore.Dialects.ILedgerDialect Dialect => PostgreSqlLedgerDialect.Instance;

    /// <inheritdoc />
    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString).UseComplianceKitDialect(Dialect);

    /// <inheritdoc />
    public string RefuseInsertSql(string trigger, string table, string condition, string message) =>
        $"""
        CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$;
        CREATE TRIGGER {trigger} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {trigger}();
        """;

    /// <inheritdoc />
    public async Task<string> BackUpAsync(string connectionString)
    {
        var name = DatabaseOf(connectionString);
        await AdministerAsync(connectionString, $"CREATE DATABASE {name}_backup TEMPLATE {name}");
        return name + "_backup";
    }

    /// <inheritdoc />
    public async Task RestoreAsync(string connectionString, string backup)
    {
        var name = DatabaseOf(connectionString);
        await AdministerAsync(connectionString, $"DROP DATABASE {name} WITH (FORCE)");
        await AdministerAsync(connectionString, $"CREATE DATABASE {name} TEMPLATE {backup}");
    }

    /// <inheritdoc />
    public Task DeleteBackupAsync(string connectionString, string backup) =>
        AdministerAsync(connectionString, $"DROP DATABASE IF EXISTS {backup} WITH (FORCE)");

    private static string DatabaseOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    /// <summary>Runs a statement on the server's maintenance database, after closing every pooled connection (a drop or template copy needs none open).</summary>
    private static async Task AdministerAsync(string connectionString, string sql)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
