using System.Text;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Retention;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Telemetry;

/// <summary>The store's structured log messages: documented event ids, chain ids and counts, never the data.</summary>
public abstract class StoreLogTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2010, 3, 1, 15, 0), Duration.FromMilliseconds(3));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task VerifyAsync_PayloadAltered_OneWarningWithTheStatusAndFirstSequenceButNoData()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var logger = new CapturingLogger<EntityFrameworkLedger<HostDbContext>>();
        var ledger = new EntityFrameworkLedger<HostDbContext>(context, _clock, Options.Create(new ComplianceKitOptions()), logger);
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("access.viewed", "record:48213", "ehr", """{"screen":"chart"}"""),
            EntryDraft.FromJson("access.viewed", "record:48214", "ehr", """{"screen":"chart"}""")]);
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = {{0}} WHERE sequence = 1", Encoding.UTF8.GetBytes("""{"screen":"altered"}"""));

        await ledger.VerifyAsync(Chain);

        var record = Assert.Single(logger.Records);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal(ComplianceKitEventIds.ChainVerificationFailed, record.EventId);
        Assert.Equal(Chain, record.Values["ChainId"]);
        Assert.Equal(VerificationStatus.PayloadAltered, record.Values["Status"]);
        Assert.Equal(1L, record.Values["FirstSequence"]);
        Assert.DoesNotContain("48213", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("altered\"", record.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task VerifyAsync_IntactChain_OneDebugMessage()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var logger = new CapturingLogger<EntityFrameworkLedger<HostDbContext>>();
        var ledger = new EntityFrameworkLedger<HostDbContext>(context, _clock, Options.Create(new ComplianceKitOptions()), logger);
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("access.viewed", "record:1", "ehr", """{"screen":"chart"}""")]);

        await ledger.VerifyAsync(Chain);

        var record = Assert.Single(logger.Records);
        Assert.Equal((LogLevel.Debug, ComplianceKitEventIds.ChainVerified), (record.Level, record.EventId));
        Assert.Equal(1L, record.Values["Entries"]);
    }

    [LedgerFact]
    public async Task ApplyAsync_Plan_InformationWithCountsOnly()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var logger = new CapturingLogger<EntityFrameworkRetention<HostDbContext>>();
        var retention = new EntityFrameworkRetention<HostDbContext>(context, _clock, Options.Create(new ComplianceKitOptions()),
            Options.Create(new RetentionOptions { BatchSize = 7, MaxClockSkew = Duration.FromDays(365 * 100) }), ComplianceKit.Administration.AdministrationTrust.UnsignedAllowed(), logger);
        await retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), "admin:ana");
        await db.CreateLedger(context, _clock).AppendAsync(Chain, RetentionStoreTests.Mixed(40));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));

        await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim");

        var record = Assert.Single(logger.Records);
        Assert.Equal((LogLevel.Information, ComplianceKitEventIds.RetentionApplied), (record.Level, record.EventId));
        Assert.Equal(30L, record.Values["Purged"]);
        Assert.Equal(5, record.Values["Batches"]);
        Assert.DoesNotContain("officer:kim", record.Message, StringComparison.Ordinal);
    }
}
