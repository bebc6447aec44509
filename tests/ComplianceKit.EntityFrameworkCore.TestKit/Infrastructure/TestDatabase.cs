using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

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

    /// <summary>The engine the database is on.</summary>
    public IStoreEngine Engine => _engine;

    /// <summary>Whether the ledger table has its subject and actor indexes or only its type index (the default).</summary>
    public bool IndexSubjectsAndActors { get; }

    /// <summary>The connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The schema ComplianceKit's tables live in (on engines with schemas, to prove host schemas work).</summary>
    public string? Schema => _engine.Schema;

    /// <summary>Creates an empty database with ComplianceKit's tables (on <paramref name="server"/>, or else the engine's test server).</summary>
    public static async Task<TestDatabase> CreateAsync(IStoreEngine engine, bool indexSubjectsAndActors = false, string? server = null)
    {
        var database = await CreateEmptyAsync(engine, indexSubjectsAndActors, server);
        await using var context = database.CreateContext();
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        return database;
    }

    /// <summary>Creates an empty database without any table, for a test that fills it another way (an older commit's ledger restored into it).</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(IStoreEngine engine, bool indexSubjectsAndActors = false, string? server = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new TestDatabase(engine, await engine.CreateDatabaseAsync(server), indexSubjectsAndActors);
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
