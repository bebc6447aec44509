using ComplianceKit.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>
/// A host that creates its tables with its own EF Core migration (no EnsureCreated): the migration creates ComplianceKit's
/// tables beside the host's, and the ledger appends and verifies in them, in the host's transaction.
/// To regenerate the migration after ComplianceKit's model changes, reference Microsoft.EntityFrameworkCore.Design from a
/// project that compiles MigratingHostDbContext.cs and run
/// <c>dotnet ef migrations add Initial -o Migrations --namespace ComplianceKit.Documentation.Tests.Hosting.Migrations</c>.
/// </summary>
public sealed class MigrationHostTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Migrate_FreshSqliteFile_CreatesTheTablesAndTheLedgerAppendsAndVerifies()
    {
        await using var provider = Host();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MigratingHostDbContext>().Database.MigrateAsync();
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<MigratingHostDbContext>();
            var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.Shipments.Add(new Shipment { Name = "release 2.4.0" });
            await context.SaveChangesAsync();
            await ledger.AppendAsync(EntryDraft.FromObject("release.shipped", "release:2.4.0", "user:kim", new { version = "2.4.0" }));
            await transaction.CommitAsync();
        }

        await using var check = provider.CreateAsyncScope();
        var checkContext = check.ServiceProvider.GetRequiredService<MigratingHostDbContext>();
        var report = await check.ServiceProvider.GetRequiredService<IComplianceLedger>().VerifyAsync("default");
        Assert.True(report.IsValid);
        Assert.Equal(1, report.TreeHead.Size);
        Assert.Equal(1, await checkContext.Shipments.CountAsync());
        Assert.Equal(["20261201230005_Initial", "20261202090000_AccessSideIndex"], await checkContext.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migration_AgainstTheCurrentModel_HasNoPendingChanges()
    {
        await using var provider = Host();
        await using var scope = provider.CreateAsyncScope();

        var pending = scope.ServiceProvider.GetRequiredService<MigratingHostDbContext>().Database.HasPendingModelChanges();

        Assert.False(pending, "ComplianceKit's model changed: hosts need a new migration, and so does this test (see MigrationHostTests' summary).");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddDbContext<MigratingHostDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder.Path, "host.db")}"));
        services.AddComplianceKit(o => o.Organization = "Acme Clinic").AddEntityFrameworkCoreStore<MigratingHostDbContext>().UseSqliteDialect();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
