using ComplianceKit.Administration;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Retention;

/// <summary>Retention on a real database; each store runs every test.</summary>
public abstract class RetentionStoreTests
{
    private const string Chain = "clinic-1";
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private readonly FakeClock _clock = new(Instant.FromUtc(2010, 3, 1, 15, 0), Duration.FromMilliseconds(3));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Apply_InSeveralBatches_PurgesExactlyThePlanAndTheChainVerifiesBeforeAndAfter()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context, batchSize: 7);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(40));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var before = await ledger.VerifyAsync(Chain);

        var plan = await retention.PlanAsync(Chain);
        var result = await retention.ApplyAsync(plan, "officer:kim");
        var after = await ledger.VerifyAsync(Chain);

        Assert.Equal(VerificationStatus.Valid, before.Status);
        Assert.Equal(30, plan.Purges.Count);
        Assert.Empty(result.Skipped);
        Assert.Equal(5, result.Batches.Count);
        Assert.True(after.IsValid, string.Join("; ", after.Failures));
        Assert.Equal(VerificationStatus.PayloadPurged, after.Status);
        Assert.Equal(30, after.PurgedEntries);
        Assert.Equal(plan.Purges.Select(p => p.Sequence), await AbsentPayloadsAsync(ledger));
        Assert.Equal(before.TreeHead, await ledger.GetTreeHeadAsync(Chain, before.TreeHead.Size));
        var purgeEntries = await ledger.ReadAsync(Chain).Where(e => e.EntryType == RetentionEntryTypes.Purged).ToListAsync();
        Assert.Equal(result.Batches.Select(b => b.PurgeSequence), purgeEntries.Select(e => e.Sequence));
        Assert.All(purgeEntries, e => Assert.Equal("officer:kim", e.Actor));
        Assert.Equal(plan.Purges.Select(p => p.Sequence),
            purgeEntries.SelectMany(e => PurgeRegistry.Read(e)!.Ranges).SelectMany(r => Enumerable.Range((int)r.First, (int)r.Count).Select(i => (long)i)).Order());
    }

    [LedgerFact]
    public async Task Verify_PayloadNulledWithoutAPurgeEntry_IsPayloadMissingBesideRecordedPurges()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim");
        var training = (await ledger.ReadAsync(Chain).FirstAsync(e => e.EntryType == "training.completed")).Sequence;

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = NULL, payload_salt = NULL WHERE sequence = {training}");
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(VerificationStatus.PayloadMissing, report.Status);
        Assert.Equal(training, Assert.Single(report.Failures).Sequence);
        Assert.Equal(8, report.PurgedEntries);
        Assert.Contains(report.Findings, f => f.Status == VerificationStatus.PayloadPurged && f.Message.StartsWith("purged under policy access-6y by entry", StringComparison.Ordinal));
    }

    [LedgerFact]
    public async Task Apply_PurgeEntryCannotBeWritten_RollsBackThePayloadsOfThatBatch()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);
        await RefusePurgeEntriesAsync(db); // the database dies between clearing the payloads and writing the purge entry

        await Assert.ThrowsAnyAsync<Exception>(() => retention.ApplyAsync(plan, "officer:kim"));
        var report = await ledger.VerifyAsync(Chain);

        Assert.NotEmpty(plan.Purges);
        Assert.Empty(await AbsentPayloadsAsync(ledger));
        Assert.Equal(VerificationStatus.Valid, report.Status);
    }

    [LedgerFact]
    public async Task Plan_HoldOnASubject_ListsWhatItProtectsAndApplyLeavesItUntilReleased()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        await retention.PlaceHoldAsync(Chain, new LegalHold("doe-v-clinic", "Doe v. Clinic, preservation letter", subject: "record:6"), "counsel:lee");
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));

        var held = await retention.PlanAsync(Chain);
        await retention.ApplyAsync(held, "officer:kim");
        var stillThere = await ledger.GetEntryAsync(Chain, held.Held.Single().Expired.Sequence);
        await retention.ReleaseHoldAsync(Chain, "doe-v-clinic", "counsel:lee", "settled");
        var released = await retention.PlanAsync(Chain);
        await retention.ApplyAsync(released, "officer:kim");

        var entry = Assert.Single(held.Held);
        Assert.Equal("record:6", entry.Expired.Subject);
        Assert.Equal("counsel:lee", Assert.Single(entry.Holds).PlacedBy);
        Assert.DoesNotContain(held.Purges, p => p.Subject == "record:6");
        Assert.NotNull(stillThere!.Payload);
        Assert.Equal([entry.Expired.Sequence], released.Purges.Select(p => p.Sequence));
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [LedgerFact]
    public async Task Apply_HoldPlacedAfterThePlan_IsHonouredAndTheEntryIsReportedSkipped()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);

        await retention.PlaceHoldAsync(Chain, new LegalHold("subpoena-17", "grand jury subpoena", entryType: "access.viewed", subject: "record:5"), "counsel:lee");
        var result = await retention.ApplyAsync(plan, "officer:kim");

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(plan.Purges.Single(p => p.Subject == "record:5").Sequence, skipped.Sequence);
        Assert.Contains("held by subpoena-17", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(plan.Purges.Count - 1, result.PurgedCount);
        Assert.NotNull((await ledger.GetEntryAsync(Chain, skipped.Sequence))!.Payload);
    }

    [LedgerFact]
    public async Task Apply_SubjectBackInEffectAfterThePlan_KeepsItsEntries()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, new RetentionPolicy("baa-6y", ["baa.*"], Period.FromYears(6), RetentionBasis.LastEffective,
            RetentionOptions.DocumentationCategory, NewYork, ["baa.terminated"]), "admin:ana");
        await ledger.AppendAsync(Chain, [
            EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", """{"termYears":3}"""),
            EntryDraft.FromJson("baa.executed", "vendor:globex", "officer:kim", """{"termYears":3}"""),
            EntryDraft.FromJson("baa.terminated", "vendor:acme", "officer:kim", "{}"),
            EntryDraft.FromJson("baa.terminated", "vendor:globex", "officer:kim", "{}"),
        ]);
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);

        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", """{"termYears":5}""")]);
        var result = await retention.ApplyAsync(plan, "officer:kim");

        Assert.Equal(4, plan.Purges.Count);
        Assert.Equal(["vendor:acme", "vendor:acme"], result.Skipped.Select(s => plan.Purges.Single(p => p.Sequence == s.Sequence).Subject));
        Assert.All(result.Skipped, s => Assert.Contains("newer entry", s.Reason, StringComparison.Ordinal));
        Assert.Equal(2, result.PurgedCount);
    }

    [LedgerFact]
    public async Task SetPolicy_ShorterThanTheDocumentationMinimum_IsRefusedUnlessAnOverrideIsRecorded()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        var policy = new RetentionPolicy("policies-3y", ["policy.*"], Period.FromYears(3), RetentionBasis.RecordedAt, RetentionOptions.DocumentationCategory, NewYork);
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("policy.published", "policy:privacy", "officer:kim", """{"version":1}""")]);

        var refused = await Assert.ThrowsAsync<RetentionException>(() => retention.SetPolicyAsync(Chain, policy, "admin:ana"));
        var sizeAfterRefusal = (await ledger.GetTreeHeadAsync(Chain)).Size;
        var receipt = await retention.SetPolicyAsync(Chain, policy, "admin:ana", new RetentionOverride("State retention schedule applies; memo 2010-4", "officer:privacy"));
        _clock.Reset(Instant.FromUtc(2014, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);

        Assert.Contains("shorter than the regulatory minimum P6Y", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, sizeAfterRefusal);
        Assert.Equal([RetentionEntryTypes.OverrideApproved, RetentionEntryTypes.PolicySet], receipt.Entries.Select(e => e.EntryType));
        Assert.Equal(1, receipt.FirstSequence);
        var rules = await retention.ReadRulesAsync(Chain);
        Assert.Equal("officer:privacy", Assert.Single(rules.Overrides).DecidedBy);
        Assert.Empty(plan.Refused);
        Assert.Equal(0, Assert.Single(plan.Purges).Sequence);
    }

    [LedgerFact]
    public async Task Plan_ChainDoesNotVerify_IsBlockedAndApplyRefusesIt()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET subject = 'record:forged' WHERE sequence = 4");
        var plan = await retention.PlanAsync(Chain);

        Assert.Empty(plan.Purges);
        Assert.Contains(plan.Blockers, b => b.Contains("HeaderAltered at entry 4", StringComparison.Ordinal));
        await Assert.ThrowsAsync<RetentionException>(() => retention.ApplyAsync(plan, "officer:kim"));
    }

    [LedgerFact]
    public async Task Apply_PayloadAlteredAfterThePlan_IsLeftInPlaceSoTheTamperingStaysVisible()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);
        var victim = plan.Purges[2].Sequence;

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = {{0}} WHERE sequence = {victim}", """{"forged":true}"""u8.ToArray());
        var result = await retention.ApplyAsync(plan, "officer:kim");
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(victim, Assert.Single(result.Skipped).Sequence);
        Assert.Equal(VerificationStatus.PayloadAltered, report.Status);
        Assert.Equal(victim, Assert.Single(report.Failures).Sequence);
    }

    [LedgerFact]
    public async Task Apply_PlanEvaluatedLaterThanNow_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));

        var preview = await retention.PlanAsync(Chain, Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.NotEmpty(preview.Purges);
        await Assert.ThrowsAsync<RetentionException>(() => retention.ApplyAsync(preview, "officer:kim"));
        Assert.Empty(await AbsentPayloadsAsync(ledger));
    }

    [LedgerFact]
    public async Task Apply_InsideTheCallersTransaction_IsRefusedAndPurgesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = CreateRetention(db, context);
        await retention.SetPolicyAsync(Chain, AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(Chain, Mixed(10));
        _clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));
        var plan = await retention.PlanAsync(Chain);

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => retention.ApplyAsync(plan, "officer:kim"));
            await transaction.CommitAsync();
        }

        Assert.Empty(await AbsentPayloadsAsync(ledger));
    }

    [LedgerFact]
    public async Task Holds_PlaceTwiceOrReleaseUnknown_AreRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var retention = CreateRetention(db, context);
        await retention.PlaceHoldAsync(Chain, new LegalHold("h1", "matter 1"), "counsel:lee");

        await Assert.ThrowsAsync<RetentionException>(() => retention.PlaceHoldAsync(Chain, new LegalHold("h1", "matter 1 again"), "counsel:lee"));
        await Assert.ThrowsAsync<RetentionException>(() => retention.ReleaseHoldAsync(Chain, "h2", "counsel:lee", "no such hold"));
        var rules = await retention.ReadRulesAsync(Chain);

        Assert.Equal("h1", Assert.Single(rules.Holds).Hold.Id);
    }

    [LedgerFact]
    public async Task AddRetention_ThroughDependencyInjection_ResolvesTheStoresRetentionWithTheHostsOptions()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var services = new ServiceCollection();
        services.AddScoped(_ => db.CreateContext());
        services.AddSingleton<IClock>(_clock);
        services.AddComplianceKit(o => o.AdministrationRootPem = ComplianceKit.Tests.Administration.TestAdministrators.Instance.Root.ExportCertificatePem())
            .AddRetention(o => o.RegulatoryMinimums["training"] = Period.FromYears(3)).AddEntityFrameworkCoreStore<HostDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        var retention = scope.ServiceProvider.GetRequiredService<IRetentionLedger>();

        var error = await Assert.ThrowsAsync<RetentionException>(() => retention.SetPolicyAsync(Chain,
            new RetentionPolicy("training-1y", ["training.*"], Period.FromYears(1), RetentionBasis.RecordedAt, "training", NewYork),
            ComplianceKit.Tests.Administration.TestAdministrators.Instance.Administrator));

        Assert.Contains("P3Y", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Three of every four drafts are access logs (the policy's), one a training record (no policy).</summary>
    internal static EntryDraft[] Mixed(int count) =>
        Enumerable.Range(0, count)
            .Select(i => i % 4 == 3
                ? EntryDraft.FromJson("training.completed", $"person:{i}", "lms", $$"""{"course":"hipaa-101","i":{{i}}}""")
                : EntryDraft.FromJson("access.viewed", $"record:{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}"""))
            .ToArray();

    internal static RetentionPolicy AccessPolicy() =>
        new("access-6y", ["access.*"], Period.FromYears(6), RetentionBasis.RecordedAt, "operational", NewYork);

    // These tests jump the clock decades past the last append to make entries expire; the clock skew guard has its own tests.
    // The mechanics tests record unsigned rules in the weaker mode; SignedRetentionStoreTests pins a root.
    internal static EntityFrameworkRetention<HostDbContext> CreateRetention(TestDatabase db, HostDbContext context, FakeClock clock, int batchSize = 1_000,
        Duration? maxClockSkew = null, AdministrationTrust? trust = null) =>
        new(context, clock, Options.Create(new ComplianceKitOptions()),
            Options.Create(new RetentionOptions { BatchSize = batchSize, MaxClockSkew = maxClockSkew ?? Duration.FromDays(365 * 100) }),
            trust ?? AdministrationTrust.UnsignedAllowed());

    internal static async Task<List<long>> AbsentPayloadsAsync(IComplianceLedger ledger, string chain = Chain) =>
        await ledger.ReadAsync(chain).Where(e => e.Payload is null).Select(e => e.Sequence).ToListAsync();

    private EntityFrameworkRetention<HostDbContext> CreateRetention(TestDatabase db, HostDbContext context, int batchSize = 1_000) =>
        CreateRetention(db, context, _clock, batchSize);

    private static Task RefusePurgeEntriesAsync(TestDatabase db) =>
        db.ExecuteAsync(db.Engine.RefuseInsertSql(
            "refuse_purge", db.Table("ck_ledger_entries"), "NEW.entry_type = 'retention.purged'", "simulated failure writing the purge entry"));
}
