using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Ledger;

/// <summary>
/// Rows an insider plants past a chain's head, or under a deleted head, and appends racing a check: verification names
/// the planted rows, and no decision (gate, readiness, role grants, trust anchors) reads them. Each store runs every test.
/// </summary>
public abstract class VerifiedHeadTests
{
    private const string Chain = "release";
    private static readonly ApprovalSubject Release = new("release", "7");
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Verify_GateDefinitionWithItsRolesEmptiedPlantedAtTheHeadSize_NamesItAsBeyondTheHead()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var (gateSequence, size) = await RecordGateAsync(ledger);

        await PlantCopyAsync(db, gateSequence, size, OpenGate().ToDraft("admin").Payload.ToArray());
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(VerificationStatus.EntryBeyondHead, report.Status);
        var finding = Assert.Single(report.Failures);
        Assert.Equal(size, finding.Sequence);
        Assert.Contains("gate.defined", finding.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Gate_GateDefinitionWithItsRolesEmptiedPlantedAtTheHeadSize_IsRefusedNotOpened()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var (gateSequence, size) = await RecordGateAsync(ledger);
        var before = await new GateEvaluator(ledger, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), TestAdministrators.Instance.Trust).EvaluateAsync(Chain, "release-7", _clock.GetCurrentInstant());

        await PlantCopyAsync(db, gateSequence, size, OpenGate().ToDraft("admin").Payload.ToArray());
        var refused = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() =>
            new GateEvaluator(ledger, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), TestAdministrators.Instance.Trust).EvaluateAsync(Chain, "release-7", _clock.GetCurrentInstant()));

        Assert.Equal(GateStatus.Blocked, before.Status);
        Assert.Equal(VerificationStatus.EntryBeyondHead, refused.Report!.Status);
        Assert.Equal(size, refused.Report.FirstFailure!.Sequence);
    }

    [LedgerFact]
    public async Task Readiness_GateDefinitionWithItsRolesEmptiedPlantedAtTheHeadSize_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var (gateSequence, size) = await RecordGateAsync(ledger);
        var state = await VerifiedProjection.BuildAsync(ledger, Chain);

        await PlantCopyAsync(db, gateSequence, size, OpenGate().ToDraft("admin").Payload.ToArray());
        var refused = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() =>
            new ReadinessEvaluator(ledger, state, TestAdministrators.Instance.Trust, new CmsSignatureVerifier(TestPki.Instance.NewPolicy())).EvaluateAsync(Chain, "release-7", _clock.GetCurrentInstant()));

        Assert.Equal(size, refused.Report!.FirstFailure!.Sequence);
    }

    [LedgerFact]
    public async Task Gate_RoleGrantAndTrustAnchorPlantedPastTheHead_AreNamedAndRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var admins = TestAdministrators.Instance;
        var recorder = new AdministrationRecorder(ledger, _clock, admins.Trust);
        var (_, _) = await RecordGateAsync(ledger);
        var grant = (await recorder.GrantRoleAsync(Chain, "Compliance Officer", TestPki.Instance.RsaSigner, admins.Administrator)).Entries[0];
        var anchor = (await recorder.AddTrustAnchorAsync(Chain, TestPki.Instance.Root, admins.Administrator)).Entries[0];
        var size = anchor.Sequence + 1;

        await PlantCopyAsync(db, grant.Sequence, size, grant.Payload!);
        await PlantCopyAsync(db, anchor.Sequence, size + 1, anchor.Payload!);
        var report = await ledger.VerifyAsync(Chain);
        var refused = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() =>
            new GateEvaluator(ledger, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), TestAdministrators.Instance.Trust).EvaluateAsync(Chain, "release-7", _clock.GetCurrentInstant()));

        Assert.Equal([size, size + 1], report.Failures.Select(f => f.Sequence));
        Assert.All(report.Failures, f => Assert.Equal(VerificationStatus.EntryBeyondHead, f.Status));
        Assert.Contains(ApprovalEntryTypes.RoleGranted, report.Failures.First().Message, StringComparison.Ordinal);
        Assert.Contains(ApprovalEntryTypes.TrustAnchorAdded, report.Failures.Last().Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.EntryBeyondHead, refused.Report!.Status);
    }

    [LedgerFact]
    public async Task RetentionPlan_RowPlantedPastTheHead_IsBlockedNamingIt()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var retention = Retention.RetentionStoreTests.CreateRetention(db, context, _clock);
        var (gateSequence, size) = await RecordGateAsync(ledger);

        await PlantCopyAsync(db, gateSequence, size, OpenGate().ToDraft("admin").Payload.ToArray());
        var plan = await retention.PlanAsync(Chain);

        Assert.Empty(plan.Purges);
        Assert.Contains(plan.Blockers, b => b.Contains($"EntryBeyondHead at entry {size}", StringComparison.Ordinal));
    }

    [LedgerFact]
    public async Task Verify_HeadRowDeleted_FindsTheChainFromItsEntriesAndNamesEveryRow()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(Chain, Facts(3, "a"));

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_chain_heads")}");
        var chains = await ledger.GetChainIdsAsync();
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal([Chain], chains);
        Assert.False(report.IsValid);
        Assert.Equal(VerificationStatus.EntryBeyondHead, report.Status);
        Assert.Equal([0L, 1L, 2L], report.Failures.Select(f => f.Sequence));
        Assert.Contains("no head row", report.Failures.First().Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Verify_AppendsRacingTheCheck_AreNeverFindingsWhileAPlantedRowAlwaysIs()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using (var seed = db.CreateContext())
        {
            var ledger = db.CreateLedger(seed, _clock);
            await ledger.AppendAsync(Chain, Facts(20, "seed"));
            await ledger.AppendAsync("planted", Facts(2, "p"));
        }

        await PlantCopyAsync(db, 1, 2, "{}"u8.ToArray(), "planted");
        using var stop = new CancellationTokenSource();
        var committed = 0;
        var writer = Task.Run(async () =>
        {
            await using var context = db.CreateContext();
            var ledger = db.CreateLedger(context, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(1)));
            while (!stop.IsCancellationRequested)
            {
                await ledger.AppendAsync(Chain, Facts(7, $"w{committed}"));
                Interlocked.Increment(ref committed);
            }

            return Volatile.Read(ref committed);
        });

        // Verification starts once the writer is appending and goes on until appends have raced at least 25 checks,
        // so a slow scheduler cannot turn this into a test of an idle chain.
        while (Volatile.Read(ref committed) == 0 && !writer.IsCompleted)
        {
            await Task.Delay(5);
        }

        var reports = new List<ChainVerificationReport>();
        var atStart = Volatile.Read(ref committed);
        await using (var context = db.CreateContext())
        {
            var ledger = db.CreateLedger(context, _clock);
            for (var i = 0; i < 25 || (Volatile.Read(ref committed) - atStart < 5 && i < 2000); i++)
            {
                reports.Add(await ledger.VerifyAsync(Chain));
                reports.Add(await ledger.VerifyAsync("planted"));
            }
        }

        await stop.CancelAsync();
        var appended = await writer;

        Assert.True(appended - atStart >= 5, $"only {appended - atStart} batches raced the checks");
        Assert.All(reports.Where(r => r.ChainId == Chain), r => Assert.True(r.IsValid, string.Join("; ", r.Findings)));
        Assert.All(reports.Where(r => r.ChainId == "planted"), r => Assert.Equal(2, Assert.Single(r.Failures).Sequence));
    }

    [LedgerFact]
    public async Task Verify_StoredLevelZeroed_NamesItsFirstNode()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(Chain, Facts(40, "a"));

        await db.ExecuteAsync($"UPDATE {db.Table("ck_merkle_nodes")} SET hash = {{0}} WHERE level = 4", new byte[32]);
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(VerificationStatus.MerkleNodeMismatch, report.Status);
        var finding = Assert.Single(report.Failures);
        Assert.Equal(0, finding.Sequence);
        Assert.Contains("level 4, index 0 (entries 0 to 15)", finding.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Verify_StoredNodeDeleted_NamesItAsMissing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(Chain, Facts(40, "a"));

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_merkle_nodes")} WHERE level = 4 AND node_index = 1");
        var report = await ledger.VerifyAsync(Chain);

        var finding = Assert.Single(report.Failures);
        Assert.Equal(VerificationStatus.MerkleNodeMismatch, finding.Status);
        Assert.Equal(16, finding.Sequence);
        Assert.Contains("level 4, index 1 (entries 16 to 31) is missing", finding.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Verify_StoredFrontierAltered_SaysTheNextAppendWouldSealAWrongRoot()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(Chain, Facts(21, "a"));

        await db.ExecuteAsync($"UPDATE {db.Table("ck_chain_heads")} SET frontier = {{0}}", new byte[64]);
        var report = await ledger.VerifyAsync(Chain);

        var finding = Assert.Single(report.Failures);
        Assert.Equal(VerificationStatus.MerkleNodeMismatch, finding.Status);
        Assert.Contains("frontier", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>A gate requiring one role, then 3 facts; returns the gate's sequence and the chain's size.</summary>
    private async Task<(long GateSequence, long Size)> RecordGateAsync(EntityFrameworkLedger<HostDbContext> ledger)
    {
        var gate = await new AdministrationRecorder(ledger, _clock, TestAdministrators.Instance.Trust)
            .DefineGateAsync(Chain, new GateDefinition { Id = "release-7", Title = "Release 7", Subject = Release, RequiredRoles = ["Compliance Officer"] }, TestAdministrators.Instance.Administrator);
        var facts = await ledger.AppendAsync(Chain, Facts(3, "f"));
        return (gate.FirstSequence, facts.Entries[^1].Sequence + 1);
    }

    private static GateDefinition OpenGate() => new() { Id = "release-7", Title = "Release 7", Subject = Release, RequiredRoles = [] };

    /// <summary>Copies row <paramref name="sequence"/> to <paramref name="at"/> with another payload, outside the library, as an insider would.</summary>
    private static Task PlantCopyAsync(TestDatabase db, long sequence, long at, byte[] payload, string chain = Chain)
    {
        var entries = db.Table("ck_ledger_entries");
        return db.ExecuteAsync(
            $"INSERT INTO {entries} ({ComplianceKit.EntityFrameworkCore.Dialects.LedgerColumns.Entry}) SELECT chain_id, {{0}}, entry_type, subject, actor, occurred_at, recorded_at, {{1}}, payload_salt, " +
            $"payload_digest, previous_hash, entry_hash FROM {entries} WHERE chain_id = {{2}} AND sequence = {{3}}", at, payload, chain, sequence);
    }

    private static EntryDraft[] Facts(int count, string tag) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("training.completed", $"staff:{tag}-{i}", "lms", $$"""{"n":{{i}}}""")).ToArray();
}
