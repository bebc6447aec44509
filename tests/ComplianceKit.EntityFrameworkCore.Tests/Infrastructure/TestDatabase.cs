using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>A real, empty database for one test: a SQLite file, or a fresh PostgreSQL database. Removed on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresName;
    private string? _server;

    private TestDatabase(string provider, string connectionString, string? sqlitePath, string? postgresName, bool indexSubjectsAndActors)
    {
        Provider = provider;
        IndexSubjectsAndActors = indexSubjectsAndActors;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _postgresName = postgresName;
    }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider { get; }

    /// <summary>Whether the ledger table has its subject and actor indexes (the default) or only its type index.</summary>
    public bool IndexSubjectsAndActors { get; }

    /// <summary>The connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The schema ComplianceKit's tables live in (PostgreSQL only, to prove host schemas work).</summary>
    public string? Schema => Provider == "postgres" ? "compliance" : null;

    /// <summary>Creates an empty database with ComplianceKit's tables (on PostgreSQL, on <paramref name="server"/> or else the shared test server).</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool indexSubjectsAndActors = true, string? server = null)
    {
        TestDatabase database;
        if (provider == "sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "compliancekit-tests");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
            database = new TestDatabase(provider, $"Data Source={path};Default Timeout=60", path, null, indexSubjectsAndActors);
        }
        else
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

            database = new TestDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, null, name, indexSubjectsAndActors)
            {
                _server = server,
            };
        }

        await using var context = database.CreateContext();
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        return database;
    }

    /// <summary>
    /// A copy of an upgrade fixture (tests/upgrade-fixtures/&lt;name&gt;, made by an older commit): on SQLite the ledger
    /// file copied to a temporary folder; on PostgreSQL a fresh database the fixture's dump is replayed into.
    /// </summary>
    public static async Task<TestDatabase> FromUpgradeFixtureAsync(string provider, string fixture)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", fixture);
        if (provider == "sqlite")
        {
            var copies = Path.Combine(Path.GetTempPath(), "compliancekit-tests");
            Directory.CreateDirectory(copies);
            var path = Path.Combine(copies, $"{Guid.NewGuid():N}.db");
            File.Copy(Path.Combine(folder, "ledger.db"), path);
            return new TestDatabase(provider, $"Data Source={path};Default Timeout=60", path, null, indexSubjectsAndActors: true);
        }

        var server = PostgresServer.ConnectionString
            ?? throw new InvalidOperationException($"CI needs PostgreSQL: {PostgresServer.Variable} is not set (.ci/run sets it).");
        var name = $"ck_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(provider, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, null, name, indexSubjectsAndActors: true)
        {
            _server = server,
        };

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

    /// <summary>Options for the standalone <see cref="ComplianceKitDbContext"/> over this database.</summary>
    public DbContextOptions<ComplianceKitDbContext> StandaloneOptions()
    {
        var builder = new DbContextOptionsBuilder<ComplianceKitDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>A new host context over this database, with the given EF interceptors.</summary>
    public HostDbContext CreateContext(params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<HostDbContext>();
        Configure(builder);
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        // The schema and the lookup indexes are part of the model, so models differ by them.
        builder.ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>();
        return new HostDbContext(builder.Options, Schema, IndexSubjectsAndActors);
    }

    /// <summary>A ledger over a new host context.</summary>
    public EntityFrameworkLedger<HostDbContext> CreateLedger(HostDbContext context, IClock clock, ComplianceKitOptions? options = null) =>
        new(context, clock, Options.Create(options ?? new ComplianceKitOptions()));

    /// <summary>The qualified name of one of ComplianceKit's tables, for tampering in tests.</summary>
    public string Table(string name) => Schema is null ? name : $"{Schema}.{name}";

    /// <summary>Runs SQL outside the library, the way an attacker or a careless admin would.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var context = CreateContext();
        await context.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_server ?? PostgresServer.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private void Configure(DbContextOptionsBuilder builder)
    {
        if (Provider == "sqlite")
        {
            builder.UseSqlite(ConnectionString);
        }
        else
        {
            builder.UseNpgsql(ConnectionString);
        }
    }

    private sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), context.Database.ProviderName, (context as HostDbContext)?.IndexSubjectsAndActors, designTime);
    }
}
