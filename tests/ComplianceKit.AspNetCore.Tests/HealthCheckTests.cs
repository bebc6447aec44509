using System.Net;
using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.AspNetCore.Health;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.AspNetCore.Tests;

/// <summary>AddComplianceKitHealthChecks() in the sample app on a real database.</summary>
public abstract class HealthCheckTests
{
    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Health_IntactLedger_200Healthy()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/1", "kim"));

        var response = await app.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [LedgerFact]
    public async Task Ledger_AppendsAfterAProbe_NextProbeReadsOnlyTheNewEntries()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/1", "kim"));
        var first = await LedgerEntryAsync(app);
        // Tampering below the verified point is not read again by this process: the probe is incremental.
        await TamperAsync(app, sequence: 0);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/2", "kim"));
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/3", "kim"));

        var second = await LedgerEntryAsync(app);
        var freshProcess = await new LedgerHealthCheck(app.Factory.Services.GetRequiredService<IServiceScopeFactory>(), new VerifiedPoints(),
            Options.Create(new ComplianceKitHealthCheckOptions()), NullLogger<LedgerHealthCheck>.Instance).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(1L, first.Data["access"]);
        Assert.Equal(HealthStatus.Healthy, second.Status);
        Assert.Equal(3L, second.Data["access"]);
        Assert.Equal(HealthStatus.Unhealthy, freshProcess.Status);
        Assert.Contains("PayloadAltered at sequence 0", freshProcess.Description, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Ledger_EntryAppendedSinceTheLastProbeTampered_UnhealthyNamingItUntilFixed()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/1", "kim"));
        var before = await LedgerEntryAsync(app);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/2", "kim"));
        await TamperAsync(app, sequence: 1);

        var after = await LedgerEntryAsync(app);
        var again = await LedgerEntryAsync(app);
        var response = await app.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, after.Status);
        Assert.Equal("Chain 'access' does not verify: PayloadAltered at sequence 1 (1 failures).", after.Description);
        Assert.Equal(HealthStatus.Unhealthy, again.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [LedgerFact]
    public async Task Ledger_DatabaseGone_UnhealthyUnreachable()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await using (var db = await app.ContextAsync())
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE ck_chain_heads");
        }

        var entry = await LedgerEntryAsync(app);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The ledger cannot be read", entry.Description, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task CheckpointAge_EntriesWaitingForACheckpoint_DegradedAfterOnePeriodUnhealthyAfterTwo()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/1", "kim"));
        var clock = new FakeClock(SystemClock.Instance.GetCurrentInstant());
        var check = CheckpointAgeCheck(app, clock);
        var beforeAnyCheckpoint = await check.CheckHealthAsync(new HealthCheckContext());
        using var authority = TestCertificateAuthority.CreateRoot(SystemClock.Instance);
        using var signer = TestSigner.Issue(authority, "CN=Checkpoint Signer, O=Test Clinic");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CheckpointPublisher>().PublishAsync("access", signer);
        }

        clock.Advance(Duration.FromDays(1));
        var nothingSince = await check.CheckHealthAsync(new HealthCheckContext());
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/2", "kim"));
        var onePeriodLate = await check.CheckHealthAsync(new HealthCheckContext());
        clock.Advance(Duration.FromDays(1));
        var twoPeriodsLate = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, beforeAnyCheckpoint.Status);
        Assert.Contains("no checkpoint yet", beforeAnyCheckpoint.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, nothingSince.Status);
        Assert.Equal(0L, nothingSince.Data["access"]);
        Assert.Equal(HealthStatus.Degraded, onePeriodLate.Status);
        Assert.Equal(1L, onePeriodLate.Data["access"]);
        Assert.Contains("a checkpoint is overdue", onePeriodLate.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, twoPeriodsLate.Status);
    }

    [LedgerFact]
    public async Task CheckpointAge_CheckpointEntryTampered_UnhealthyAndTheCheckpointNotCounted()
    {
        await using var app = await ClinicApp.StartAsync(Engine);
        await app.Client.SendAsync(AccessTrailTests.Request(HttpMethod.Get, "/patients/1", "kim"));
        using var authority = TestCertificateAuthority.CreateRoot(SystemClock.Instance);
        using var signer = TestSigner.Issue(authority, "CN=Checkpoint Signer, O=Test Clinic");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CheckpointPublisher>().PublishAsync("access", signer);
        }

        await TamperAsync(app, sequence: 1);
        var result = await CheckpointAgeCheck(app, new FakeClock(SystemClock.Instance.GetCurrentInstant())).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("PayloadAltered at sequence 1", result.Description, StringComparison.Ordinal);
    }

    // Half-day periods, so a day past the checkpoint is two periods: the clock, not the machine's speed, decides.
    private static CheckpointAgeHealthCheck CheckpointAgeCheck(ClinicApp app, IClock clock)
    {
        var options = Options.Create(new ComplianceKitHealthCheckOptions
        {
            CheckpointSchedule = new CheckpointSchedule { Every = Duration.FromHours(13), EveryEntries = 1000 },
        });
        var scopes = app.Factory.Services.GetRequiredService<IServiceScopeFactory>();
        return new CheckpointAgeHealthCheck(scopes, new LedgerHealthCheck(scopes, new VerifiedPoints(), options, NullLogger<LedgerHealthCheck>.Instance), clock, options);
    }

    private static async Task<HealthReportEntry> LedgerEntryAsync(ClinicApp app) =>
        (await app.Factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["compliancekit-ledger"];

    private static async Task TamperAsync(ClinicApp app, long sequence)
    {
        await using var db = await app.ContextAsync();
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database,
            "UPDATE ck_ledger_entries SET payload = {0} WHERE chain_id = 'access' AND sequence = {1}", Encoding.UTF8.GetBytes("""{"action":"print"}"""), sequence);
    }
}

/// <summary>Health checks on SQLite.</summary>
public sealed class SqliteHealthCheckTests : HealthCheckTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}

/// <summary>Health checks on PostgreSQL.</summary>
public sealed class PostgresHealthCheckTests : HealthCheckTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}

/// <summary>The access queue check's thresholds.</summary>
public sealed class AccessQueueHealthCheckTests
{
    [Theory]
    [InlineData(0, HealthStatus.Healthy)]
    [InlineData(79, HealthStatus.Healthy)]
    [InlineData(80, HealthStatus.Degraded)]
    [InlineData(99, HealthStatus.Degraded)]
    [InlineData(100, HealthStatus.Unhealthy)]
    public async Task Check_QueueLengthOfCapacity100_StatusByThreshold(int length, HealthStatus expected)
    {
        var services = new ServiceCollection().AddSingleton(new AccessQueueProbe("access", () => length, 100)).BuildServiceProvider();
        var check = new AccessQueueHealthCheck(services, Options.Create(new ComplianceKitHealthCheckOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
        Assert.Equal(length, result.Data["length"]);
        Assert.Contains($"holds {length} of 100 events", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoAccessTrailRegistered_HealthyAndSaysSo()
    {
        var check = new AccessQueueHealthCheck(new ServiceCollection().BuildServiceProvider(), Options.Create(new ComplianceKitHealthCheckOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("No access trail", result.Description, StringComparison.Ordinal);
    }
}
