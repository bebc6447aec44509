using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Retention;

/// <summary>
/// The clock jumps forward a year and back during appends: recorded-at never goes backwards, and a purge at a clock far past
/// the newest entry is refused unless an operator overrides it with a reason the ledger records. Each store runs every test.
/// </summary>
public abstract class ClockJumpTests
{
    private const string Chain = "clinic-1";
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly RetentionPolicy OneYear =
        new("access-1y", ["access.*"], Period.FromYears(1), RetentionBasis.RecordedAt, "operational", DateTimeZoneProviders.Tzdb["America/New_York"]);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Apply_ClockJumpedAYearPastTheNewestEntry_RefusedWithNothingPurgedThenAppliedWithARecordedOverride()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var clock = new FakeClock(Start, Duration.FromMilliseconds(1));
        var ledger = db.CreateLedger(context, clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, clock, maxClockSkew: Duration.FromDays(30));
        await retention.SetPolicyAsync(Chain, OneYear, "admin:ana");
        await ledger.AppendAsync(Chain, Accesses(10, "before"));
        clock.Reset(Start.Plus(Duration.FromDays(366))); // jumps forward a year
        await ledger.AppendAsync(Chain, Accesses(5, "jumped"));
        clock.Reset(Start.Plus(Duration.FromHours(1))); // and back
        await ledger.AppendAsync(Chain, Accesses(5, "back"));
        var recordedAt = await ledger.ReadAsync(Chain).Select(e => e.RecordedAt).ToListAsync();
        Assert.Equal(recordedAt.Order(), recordedAt);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);

        clock.Reset(Start.Plus(Duration.FromDays(366 * 2))); // jumps a year past the newest entry
        var plan = await retention.PlanAsync(Chain);
        var refused = await Assert.ThrowsAsync<RetentionException>(() => retention.ApplyAsync(plan, "officer:kim"));
        var afterRefusal = await ledger.ReadAsync(Chain).ToListAsync();

        Assert.NotEmpty(plan.Purges);
        Assert.Contains("clock skew", refused.Message, StringComparison.Ordinal);
        Assert.Equal(recordedAt.Count, afterRefusal.Count);
        Assert.All(afterRefusal, e => Assert.NotNull(e.Payload));

        var result = await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim", new RetentionOverride("NTP verified after the outage", "officer:privacy"));
        var entries = await ledger.ReadAsync(Chain).ToListAsync();
        var overrideEntry = Assert.Single(entries, e => e.EntryType == RetentionEntryTypes.ClockSkewOverridden);
        var text = System.Text.Encoding.UTF8.GetString(overrideEntry.Payload!);

        Assert.NotEmpty(result.Batches);
        Assert.Contains("NTP verified after the outage", text, StringComparison.Ordinal);
        Assert.Contains("officer:privacy", text, StringComparison.Ordinal);
        Assert.Equal("officer:kim", overrideEntry.Actor);
        Assert.True(overrideEntry.Sequence < result.Batches[0].PurgeSequence);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [LedgerFact]
    public async Task Apply_OverrideWithoutAReason_IsRefusedAndRecordsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var clock = new FakeClock(Start, Duration.FromMilliseconds(1));
        var ledger = db.CreateLedger(context, clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, clock, maxClockSkew: Duration.FromDays(30));
        await retention.SetPolicyAsync(Chain, OneYear, "admin:ana");
        await ledger.AppendAsync(Chain, Accesses(4, "before"));
        clock.Reset(Start.Plus(Duration.FromDays(400)));

        await Assert.ThrowsAsync<RetentionException>(async () =>
            await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim", new RetentionOverride(" ", "officer:privacy")));

        Assert.Equal(5, await ledger.ReadAsync(Chain).CountAsync());
    }

    private static EntryDraft[] Accesses(int count, string phase) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("access.viewed", $"record:{phase}-{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}""")).ToArray();
}
