using ComplianceKit.EntityFrameworkCore.PostgreSql;
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
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        var name = database.Database;
        database.Database = "postgres";
        await using var admin = new NpgsqlConnection(database.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString).UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance);
}
