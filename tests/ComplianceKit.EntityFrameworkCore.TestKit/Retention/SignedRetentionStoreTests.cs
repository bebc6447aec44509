using ComplianceKit.Administration;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Retention;

/// <summary>
/// Retention rules as signed administration on a real store (issue 11, item 3): under a pinned administration root a policy
/// nobody signed, or a forged one, purges nothing; a signed one purges; a hold signed by a non-administrator is ignored and
/// named; the unsigned writers are refused, writing nothing.
/// </summary>
public abstract class SignedRetentionStoreTests
{
    private const string Chain = "clinic-1";
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;
    private static readonly byte[] PolicyRecord =
        """{"basis":"recordedAt","category":"operational","endedBy":[],"entryTypes":["access.*"],"id":"access-6y","period":"P6Y","timeZone":"America/New_York"}"""u8.ToArray();
    private static readonly byte[] HoldRecord = """{"holdId":"doe","reason":"Doe v. Clinic"}"""u8.ToArray();
    private const string PolicySubject = "retention-policy:access-6y";
    private const string HoldSubject = "hold:doe";
    private readonly FakeClock _clock = new(Instant.FromUtc(2021, 3, 1, 15, 0), Duration.FromMilliseconds(3));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Apply_UnderAnUnsignedPolicy_IsRefusedAndNothingIsPurged()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        var forged = await RetentionStoreTests.CreateRetention(db, context, _clock).SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), "intruder");
        await ledger.AppendAsync(Chain, Accesses(10));
        _clock.Reset(Instant.FromUtc(2035, 1, 1, 0, 0));

        var plan = await retention.PlanAsync(Chain);
        var result = await retention.ApplyAsync(plan, "officer:kim");

        Assert.Empty(plan.Purges);
        Assert.Empty(result.Batches);
        Assert.Empty(await RetentionStoreTests.AbsentPayloadsAsync(ledger, Chain));
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((forged.FirstSequence, AdministrativeFindingKind.NotSigned), (ignored.Sequence, ignored.Kind));
    }

    [LedgerFact]
    public async Task Apply_UnderAPolicySignedByAForger_IsRefusedAndNothingIsPurged()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        using var forger = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var forged = await ledger.AppendAsync(Chain, [await AdministrationRecorder.SignDraftAsync(Chain, RetentionEntryTypes.PolicySet, PolicySubject,
            PolicyRecord, forger, AdministrationTrust.UnsignedAllowed(), _clock.GetCurrentInstant())]);
        await ledger.AppendAsync(Chain, Accesses(10));
        _clock.Reset(Instant.FromUtc(2035, 1, 1, 0, 0));

        var plan = await retention.PlanAsync(Chain);
        await retention.ApplyAsync(plan, "officer:kim");

        Assert.Empty(plan.Purges);
        Assert.Empty(await RetentionStoreTests.AbsentPayloadsAsync(ledger, Chain));
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((forged.FirstSequence, AdministrativeFindingKind.NotSignedByAdministrator), (ignored.Sequence, ignored.Kind));
    }

    [LedgerFact]
    public async Task Apply_UnderAPolicySignedByAnAdministrator_PurgesAndTheChainVerifies()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        var policy = await retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), Admins.Administrator);
        var accesses = await ledger.AppendAsync(Chain, Accesses(10));
        _clock.Reset(Instant.FromUtc(2035, 1, 1, 0, 0));

        var plan = await retention.PlanAsync(Chain);
        var result = await retention.ApplyAsync(plan, "officer:kim");
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(policy.FirstSequence, Assert.Single(plan.Policies).Sequence);
        Assert.Equal("admin:Ada Administrator", (await ledger.GetEntryAsync(Chain, policy.FirstSequence))!.Actor);
        Assert.Equal(accesses.Entries.Select(e => e.Sequence), await RetentionStoreTests.AbsentPayloadsAsync(ledger, Chain));
        Assert.Equal(10, result.PurgedCount);
        Assert.Empty(plan.IgnoredRules);
        Assert.True(report.IsValid, string.Join("; ", report.Failures));
    }

    [LedgerFact]
    public async Task Plan_HoldSignedByANonAdministrator_IsIgnoredAndNamed()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        await retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), Admins.Administrator);
        await ledger.AppendAsync(Chain, Accesses(3));
        using var counsel = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var hold = await ledger.AppendAsync(Chain, [await AdministrationRecorder.SignDraftAsync(Chain, RetentionEntryTypes.HoldPlaced, HoldSubject,
            HoldRecord, counsel, AdministrationTrust.UnsignedAllowed(), _clock.GetCurrentInstant())]);
        _clock.Reset(Instant.FromUtc(2035, 1, 1, 0, 0));

        var plan = await retention.PlanAsync(Chain);
        var rules = await retention.ReadRulesAsync(Chain);

        Assert.Empty(plan.Holds);
        Assert.Equal(3, plan.Purges.Count);
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((hold.FirstSequence, AdministrativeFindingKind.NotSignedByAdministrator, "hold:doe"), (ignored.Sequence, ignored.Kind, ignored.Subject));
        Assert.False(rules.IsHoldActive("doe"));
        Assert.Equal(hold.FirstSequence, Assert.Single(rules.Ignored).Sequence);
    }

    [LedgerFact]
    public async Task PlaceHold_SignedByAnAdministrator_KeepsWhatItCoversThroughApply()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        await retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), Admins.Administrator);
        await ledger.AppendAsync(Chain, Accesses(3));
        await retention.PlaceHoldAsync(Chain, new LegalHold("doe", "Doe v. Clinic"), Admins.SecondAdministrator);
        _clock.Reset(Instant.FromUtc(2035, 1, 1, 0, 0));

        var plan = await retention.PlanAsync(Chain);
        await retention.ApplyAsync(plan, "officer:kim");

        Assert.Empty(plan.Purges);
        Assert.Equal(3, plan.Held.Count);
        Assert.Empty(await RetentionStoreTests.AbsentPayloadsAsync(ledger, Chain));
    }

    [LedgerFact]
    public async Task Writers_UnsignedOrByANonAdministrator_AreRefusedAndWriteNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, _clock, trust: Admins.Trust);
        await ledger.AppendAsync(Chain, Accesses(1));
        using var outsider = new X509CertificateSigner(TestPki.Instance.ForeignSigner);

        await Assert.ThrowsAsync<RetentionException>(() => retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), "admin:ana"));
        await Assert.ThrowsAsync<RetentionException>(() => retention.PlaceHoldAsync(Chain, new LegalHold("doe", "Doe v. Clinic"), "counsel:lee"));
        var refused = await Assert.ThrowsAsync<RetentionException>(() => retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), outsider));
        await Assert.ThrowsAsync<RetentionException>(() => retention.PlaceHoldAsync(Chain, new LegalHold("doe", "Doe v. Clinic"), outsider));

        Assert.IsType<AdministrationRefusedException>(refused.InnerException);
        Assert.Equal(1, (await ledger.GetTreeHeadAsync(Chain)).Size);
    }

    [LedgerFact]
    public async Task Verify_UnsignedRetentionRuleUnderAPinnedRoot_IsNamedAsAnAdministrativeFinding()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var forged = await ledger.AppendAsync(Chain, [EntryDraft.FromJson(RetentionEntryTypes.HoldReleased, HoldSubject, "intruder", """{"holdId":"doe","reason":"nobody asked"}""")]);

        await using var verified = await VerifiedChain.OpenAsync(ledger, Chain);
        var state = await AdministrativeState.ReadAsync(verified, Admins.Trust);

        var finding = Assert.Single(state.Findings);
        Assert.Equal((forged.FirstSequence, RetentionEntryTypes.HoldReleased, AdministrativeFindingKind.NotSigned), (finding.Sequence, finding.EntryType, finding.Kind));
    }

    private static EntryDraft[] Accesses(int count) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("access.viewed", $"record:{i}", "ehr", $$"""{"i":{{i}}}""")).ToArray();
}
