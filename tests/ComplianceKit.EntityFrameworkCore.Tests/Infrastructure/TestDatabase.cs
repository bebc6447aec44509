using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>A real, empty database for one test on one <see cref="IStoreEngine"/> (a SQLite file, a fresh PostgreSQL database). Removed on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly IStoreEngine _engine;

    private TestDatabase(IStoreEngine engine, string connectionString, bool indexSubjectsAndActors)
    {
        _engine = engine;
        IndexSubjectsAndActors = indexSubjectsAndActors;
        ConnectionString = connectionString;
    }

    /// <summary>The engine's name: "sqlite" or "postgres".</summary>
    public string Provider => _engine.Name;

    /// <summary>Whether the ledger table has its subject and actor indexes or only its type index (the default).</summary>
    public bool IndexSubjectsAndActors { get; }

    /// <summary>The connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The schema ComplianceKit's tables live in (on engines with schemas, to prove host schemas work).</summary>
    public string? Schema => _engine.Schema;

    /// <summary>Creates an empty database with ComplianceKit's tables (on <paramref name="server"/>, or else the engine's test server).</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool indexSubjectsAndActors = false, string? server = null)
    {
        var engine = StoreEngines.Named(provider);
        var database = new TestDatabase(engine, await engine.CreateDatabaseAsync(server), indexSubjectsAndActors);
        await using var context = database.CreateContext();
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        return database;
    }

    /// <summary>
    /// A copy of an upgrade fixture (tests/upgrade-fixtures/&lt;name&gt;, made by an older commit): on SQLite the ledger
    /// file copied over a new database file; on PostgreSQL a fresh database the fixture's dump is replayed into.
    /// </summary>
    public static async Task<TestDatabase> FromUpgradeFixtureAsync(string provider, string fixture)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", fixture);
        var engine = StoreEngines.Named(provider);
        var database = new TestDatabase(engine, await engine.CreateDatabaseAsync(), indexSubjectsAndActors: true);
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
    public async ValueTask DisposeAsync() => await _engine.DropDatabaseAsync(ConnectionString);

    private void Configure(DbContextOptionsBuilder builder) => _engine.Configure(builder, ConnectionString);

    private sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), context.Database.ProviderName, (context as HostDbContext)?.IndexSubjectsAndActors, designTime);
    }
}
