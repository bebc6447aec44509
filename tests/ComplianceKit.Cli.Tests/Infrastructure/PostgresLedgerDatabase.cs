using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using Npgsql;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL database name of this test's own on the test server, not created yet (<c>init</c> creates it), given to the tool
/// as a keyword connection string that carries a password the tool must never print; dropped on dispose.
/// </summary>
internal sealed class PostgresLedgerDatabase : IAsyncDisposable
{
    /// <summary>Sent with every connection (the test server trusts local connections, so it is never checked): no output may show it.</summary>
    public const string Password = "pw-never-printed-5f3a";

    private readonly string _server;

    public PostgresLedgerDatabase()
    {
        _server = PostgresServer.ConnectionString
            ?? throw new InvalidOperationException($"CI needs PostgreSQL: {PostgresServer.Variable} is not set (.ci/run sets it).");
        Name = $"ck_cli_{Guid.NewGuid():N}";
        var builder = new NpgsqlConnectionStringBuilder(_server) { Database = Name, Password = Password };
        builder.Remove("Maximum Pool Size");
        ConnectionString = builder.ConnectionString;
        Display = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{Name}";
    }

    public string Name { get; }

    /// <summary>What the test passes as <c>--db</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>How the tool names it in every message and report.</summary>
    public string Display { get; }

    /// <summary>How many entries the ledger holds, read outside the tool.</summary>
    public async Task<long> EntriesAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = Name, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM ck_ledger_entries", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
