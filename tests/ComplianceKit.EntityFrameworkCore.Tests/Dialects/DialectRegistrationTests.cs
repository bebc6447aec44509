using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Dialects;

/// <summary>Each dialect registers itself, and the shared store never guesses one from the provider.</summary>
public sealed class DialectRegistrationTests
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0));

    [Fact]
    public void RelationalStore_References_NoDatabaseProvider()
    {
        var references = typeof(EntityFrameworkLedger<>).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void Dialects_Reference_OnlyTheirOwnProvider()
    {
        var sqlite = typeof(SqliteLedgerDialect).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var postgres = typeof(PostgreSqlLedgerDialect).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Microsoft.Data.Sqlite", sqlite);
        Assert.DoesNotContain(sqlite, name => name.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.DoesNotContain(postgres, name => name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Append_ContextWithoutADialect_IsRefusedNamingTheRegistrationAndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Sqlite);
        var options = new DbContextOptionsBuilder<HostDbContext>().UseSqlite(db.ConnectionString).Options;
        await using var context = new HostDbContext(options, schema: null);
        var ledger = new EntityFrameworkLedger<HostDbContext>(context, _clock, Options.Create(new ComplianceKitOptions()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("clinic-1", [EntryDraft.FromJson("test.write", "s", "a", "{}")]));

        Assert.Contains(".UseSqliteDialect()", error.Message, StringComparison.Ordinal);
        await using var check = db.CreateContext();
        Assert.Empty(await db.CreateLedger(check, _clock).GetChainIdsAsync());
    }

    [Fact]
    public async Task UseSqliteDialect_RegisteredBeforeTheHostsContext_EveryContextFromDiCarriesIt()
    {
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Sqlite);
        var services = new ServiceCollection().AddSingleton<IClock>(_clock);
        services.AddComplianceKit().AddEntityFrameworkCoreStore<StandaloneContext>().UseSqliteDialect();
        services.AddDbContext<StandaloneContext>(o => o.UseSqlite(db.ConnectionString));
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IComplianceLedger>().AppendAsync("clinic-1", [EntryDraft.FromJson("test.write", "s", "a", "{}")]);
        }

        await using var verify = provider.CreateAsyncScope();
        var report = await verify.ServiceProvider.GetRequiredService<IComplianceLedger>().VerifyAsync("clinic-1");
        Assert.Same(SqliteLedgerDialect.Instance, provider.GetRequiredService<ILedgerDialect>());
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(1, report.TreeHead.Size);
    }

    /// <summary>A host context over the test database's existing tables.</summary>
    private sealed class StandaloneContext(DbContextOptions<StandaloneContext> options) : DbContext(options), IComplianceKitDbContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit();
    }
}
