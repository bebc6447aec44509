using ComplianceKit.Access;
using ComplianceKit.AspNetCore.SampleApp;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.AspNetCore.Tests;

/// <summary>The sample clinic app in a test server over a real, fresh database (a SQLite file or a PostgreSQL database).</summary>
internal sealed class ClinicApp : IAsyncDisposable
{
    public const string KeyHex = "8f3c2a9b1d7e4f6a0b5c8d2e9f1a3b7c4d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a";

    private readonly IStoreEngine _engine;
    private readonly string _connectionString;

    private ClinicApp(IStoreEngine engine, string connectionString, WebApplicationFactory<Program> factory)
    {
        _engine = engine;
        _connectionString = connectionString;
        Factory = factory;
        Client = factory.CreateClient();
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public static RecordPseudonymizer Pseudonymizer { get; } = new(Convert.FromHexString(KeyHex));

    /// <summary>Starts the app on a fresh database on <paramref name="engine"/> holding patients 1 to 3 (ward A) and 4 (ward B).</summary>
    public static async Task<ClinicApp> StartAsync(IStoreEngine engine, string? keyHex = KeyHex)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var connectionString = await engine.CreateDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Database:Provider", engine.Name)
            .UseSetting("ConnectionStrings:Clinic", connectionString)
            .UseSetting("ComplianceKit:Access:PseudonymKey", keyHex));
        var app = new ClinicApp(engine, connectionString, factory);
        await using var db = await app.ContextAsync();
        await ComplianceKitDatabase.EnsureCreatedAsync(db);
        db.Patients.AddRange(
            new Patient { Id = 1, Name = "Ana", Ward = "A" }, new Patient { Id = 2, Name = "Ben", Ward = "A" },
            new Patient { Id = 3, Name = "Cy", Ward = "A" }, new Patient { Id = 4, Name = "Di", Ward = "B" });
        await db.SaveChangesAsync();
        return app;
    }

    /// <summary>A context of the app's own (outside any request: the interceptor notes nothing).</summary>
    public Task<ClinicDbContext> ContextAsync() =>
        Factory.Services.GetRequiredService<IDbContextFactory<ClinicDbContext>>().CreateDbContextAsync();

    /// <summary>The access chain as stored now.</summary>
    public async Task<List<LedgerEntry>> AccessEntriesAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        var entries = new List<LedgerEntry>();
        if (!(await ledger.GetChainIdsAsync()).Contains("access"))
        {
            return entries;
        }

        await foreach (var entry in ledger.ReadAsync("access"))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _engine.DropDatabaseAsync(_connectionString);
    }
}
