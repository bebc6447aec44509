using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Tests.Projection;
using ComplianceKit.Training;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Projection;

/// <summary>The compliance projection on a real database: rebuilt from the verified ledger, compared row by row, queried by specifications.</summary>
public abstract class ProjectionStoreTests
{
    private const string Chain = "clinic";
    private static readonly Instant At = DomainScenario.At;

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Rebuild_Scenario_EverySpecificationAgreesWithTheInMemorySnapshot()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);

        var report = await projection.RebuildAsync(Chain);
        var snapshot = await VerifiedProjection.BuildAsync(ledger, Chain);
        var store = new EntityFrameworkComplianceQueries<HostDbContext>(context);

        Assert.Empty(report.Issues);
        Assert.Equal(8, report.RowsWritten[ProjectionTableNames.Controls]);
        await AssertSameAsync(store, snapshot, new ActiveControlsSpec(Chain), c => c.ControlId);
        await AssertSameAsync(store, snapshot, new AllControlsSpec(Chain), c => c.ControlId);
        await AssertSameAsync(store, snapshot, new EvidenceRequirementsSpec(Chain), r => $"{r.ControlId}/{r.Kind}");
        await AssertSameAsync(store, snapshot, new EvidenceInForceSpec(Chain, At), e => e.EvidenceId);
        await AssertSameAsync(store, snapshot, new SelfAttestedEvidenceSpec(Chain, At), e => e.EvidenceId);
        await AssertSameAsync(store, snapshot, new VendorsHandlingPhiSpec(Chain, At), v => v.VendorId);
        var without = await AssertSameAsync(store, snapshot, new VendorsWithoutActiveBaaSpec(Chain, At), v => v.VendorId);
        await AssertSameAsync(store, snapshot, new BaasInForceSpec(Chain, At), b => b.BaaId);
        var expiring = await AssertSameAsync(store, snapshot, new BaasExpiringBeforeSpec(Chain, At, At + Duration.FromDays(30)), b => b.BaaId);
        var ended = await AssertSameAsync(store, snapshot, new TerminatedBaasWithoutDispositionSpec(Chain, At), b => b.BaaId);
        var overdue = await AssertSameAsync(store, snapshot, new TrainingOverdueSpec(Chain, At), t => t.AssignmentId);
        var expired = await AssertSameAsync(store, snapshot, new TrainingExpiredSpec(Chain, At), t => t.AssignmentId);
        var expiringTraining = await AssertSameAsync(store, snapshot, new TrainingExpiringBeforeSpec(Chain, At, At + Duration.FromDays(30)), t => t.AssignmentId);
        var never = await AssertSameAsync(store, snapshot, new WorkforceNeverTrainedSpec(Chain, At), m => m.PersonId);
        var unassigned = await AssertSameAsync(store, snapshot, new WorkforceUntrainedUnassignedSpec(Chain, At), m => m.PersonId);
        await AssertSameAsync(store, snapshot, new ActiveWorkforceSpec(Chain, At), m => m.PersonId);

        Assert.Equal(DomainScenario.VendorsWithoutAgreement, without);
        Assert.Equal(["v-expiring/baa"], expiring);
        Assert.Equal(["v-expired/baa"], ended);
        Assert.Equal(DomainScenario.Overdue, overdue);
        Assert.Equal(DomainScenario.Expired, expired);
        Assert.Equal(["p-expiring/hipaa"], expiringTraining);
        Assert.Equal(DomainScenario.NeverTrained, never);
        Assert.Equal(["p-unassigned"], unassigned);
        Assert.Equal(7, await store.CountAsync(new ActiveWorkforceSpec(Chain, At)));
    }

    [LedgerFact]
    public async Task Compare_RightAfterRebuild_IsConsistent()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        var comparison = await projection.CompareAsync(Chain);

        Assert.True(comparison.IsConsistent, string.Join("; ", comparison.Drift));
        Assert.Equal(0, comparison.EntriesBehind);
    }

    [LedgerFact]
    public async Task Compare_ValueUpdatedOutsideTheLibrary_NamesTableRowAndColumn()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        // Someone extends expired evidence and marks a tick as a document, straight in the tables.
        await db.ExecuteAsync($"UPDATE {db.Table(ProjectionTableNames.Evidence)} SET valid_until = 1900000000000000 WHERE evidence_id = 'e-expired'");
        await db.ExecuteAsync($"UPDATE {db.Table(ProjectionTableNames.Evidence)} SET assurance = 'Documented' WHERE evidence_id = 'e-tick'");
        var comparison = await projection.CompareAsync(Chain);

        Assert.Equal(2, comparison.TotalDrift);
        var validUntil = Assert.Single(comparison.Drift, d => d.Column == "valid_until");
        Assert.Equal((ProjectionTableNames.Evidence, $"{Chain}/e-expired", ProjectionDriftKind.ValueChanged, null, "1900000000000000"),
            (validUntil.Table, validUntil.Key, validUntil.Kind, validUntil.Expected, validUntil.Actual));
        var assurance = Assert.Single(comparison.Drift, d => d.Column == "assurance");
        Assert.Equal(("SelfAttested", "Documented"), (assurance.Expected, assurance.Actual));
    }

    [LedgerFact]
    public async Task Compare_RowsDeletedAndInsertedOutsideTheLibrary_AreNamed()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        await db.ExecuteAsync($"DELETE FROM {db.Table(ProjectionTableNames.Training)} WHERE assignment_id = 'p-overdue/hipaa'");
        await db.ExecuteAsync($"INSERT INTO {db.Table(ProjectionTableNames.Vendors)} (chain_id, vendor_id, name, services, handles_phi, registered, sequence, registered_at) VALUES ('{Chain}', 'v-ghost', 'Ghost', '[]', FALSE, TRUE, 0, 0)");
        var comparison = await projection.CompareAsync(Chain);

        Assert.Equal(2, comparison.TotalDrift);
        Assert.Contains(comparison.Drift, d => d is { Kind: ProjectionDriftKind.RowMissing, Table: ProjectionTableNames.Training, Key: $"{Chain}/p-overdue/hipaa" });
        Assert.Contains(comparison.Drift, d => d is { Kind: ProjectionDriftKind.RowUnexpected, Table: ProjectionTableNames.Vendors, Key: $"{Chain}/v-ghost" });
    }

    [LedgerFact]
    public async Task Compare_ProjectionHeadRootRewritten_IsAHeadMismatch()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        await db.ExecuteAsync($"UPDATE {db.Table(ProjectionTableNames.Heads)} SET ledger_root = {{0}}", new byte[32]);
        var comparison = await projection.CompareAsync(Chain);

        var drift = Assert.Single(comparison.Drift);
        Assert.Equal((ProjectionDriftKind.HeadMismatch, "ledger_root"), (drift.Kind, drift.Column));
    }

    [LedgerFact]
    public async Task Compare_EntriesAppendedAfterTheRebuild_AreCountedAsBehindNotDrift()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        await ledger.AppendAsync(Chain, [new EvidenceWithdrawal { EvidenceId = "e-documented", ControlId = "crit-documented", Reason = "report superseded" }.ToDraft("officer")]);
        var comparison = await projection.CompareAsync(Chain);

        Assert.True(comparison.IsConsistent, string.Join("; ", comparison.Drift));
        Assert.Equal(1, comparison.EntriesBehind);
    }

    [LedgerFact]
    public async Task Compare_NeverBuilt_SaysSo()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);

        var comparison = await projection.CompareAsync(Chain);

        Assert.Equal(ProjectionDriftKind.NotBuilt, Assert.Single(comparison.Drift).Kind);
    }

    [LedgerFact]
    public async Task Rebuild_LedgerTamperedWith_IsRefusedAndLeavesTheRowsAsTheyWere()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        // A forged evidence payload: the chain no longer verifies, so nothing may be projected from it.
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = {{0}} WHERE sequence = 9", """{"forged":true}"""u8.ToArray());
        var refused = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() => projection.RebuildAsync(Chain));

        Assert.Equal(9, refused.Report!.FirstFailure!.Sequence);
        Assert.Equal(5, await context.Set<EvidenceRecord>().CountAsync());
    }

    [LedgerFact]
    public async Task Rebuild_StoredMerkleNodeRewritten_IsRefusedLikeTheFullVerification()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        // Every entry still verifies; only a node the store keeps beside them is wrong. The one-pass rebuild projects while the
        // store's verification runs, so it must still refuse what that verification finds.
        await db.ExecuteAsync($"UPDATE {db.Table("ck_merkle_nodes")} SET hash = {{0}} WHERE level = 4", new byte[32]);
        var refused = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() => projection.RebuildAsync(Chain));

        Assert.Equal(VerificationStatus.MerkleNodeMismatch, refused.Report!.Status);
        Assert.Equal(5, await context.Set<EvidenceRecord>().CountAsync());
    }

    [LedgerFact]
    public async Task Rebuild_LedgerOnAnotherContext_WritesTheSameRowsAsTheOnePassRebuild()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (_, projection) = await RecordScenarioAsync(db, context);
        var onePass = await projection.RebuildAsync(Chain);
        await using var ledgerContext = db.CreateContext();

        // The ledger reads through its own context: the projection verifies through it, then reads the chain again.
        var twoPasses = await new ComplianceProjection<HostDbContext>(context, db.CreateLedger(ledgerContext, DomainScenario.Clock()), DomainScenario.Clock()).RebuildAsync(Chain);
        var comparison = await projection.CompareAsync(Chain);

        Assert.Equal(onePass.EntriesRead, twoPasses.EntriesRead);
        Assert.Equal(onePass.RowsWritten, twoPasses.RowsWritten);
        Assert.True(comparison.IsConsistent, string.Join("; ", comparison.Drift.Take(5)));
    }

    [LedgerFact]
    public async Task Rebuild_AfterNewEntries_ReplacesTheRows()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);
        await projection.RebuildAsync(Chain);

        await ledger.AppendAsync(Chain, [new TrainingCompletion { AssignmentId = "p-overdue/hipaa", PersonId = "p-overdue", CompletedAt = DomainScenario.Day(2026, 2, 20), Score = 88 }.ToDraft("lms")]);
        await projection.RebuildAsync(Chain);
        var store = new EntityFrameworkComplianceQueries<HostDbContext>(context);

        Assert.Empty(await store.ListAsync(new TrainingOverdueSpec(Chain, At)));
        Assert.True((await projection.CompareAsync(Chain)).IsConsistent);
    }

    [LedgerFact]
    public async Task Rebuild_MoreRowsThanOneStatementHolds_WritesEveryRowExactly()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);
        var pieces = Enumerable.Range(0, 1_100).Select(i => new EvidenceStatement
        {
            EvidenceId = $"bulk-{i:0000}", ControlId = "imp-missing", Kind = "review", ArtifactSha256 = DomainScenario.Digest($"bulk {i}"),
            CollectedAt = DomainScenario.Day(2026, 1, 1) + Duration.FromMinutes(i), CollectedBy = "it", Note = i % 2 == 0 ? null : $"note {i}",
        }.ToDraft("it")).ToList();
        await ledger.AppendAsync(Chain, pieces);

        var report = await projection.RebuildAsync(Chain);
        var comparison = await projection.CompareAsync(Chain);

        Assert.Equal(1_105, report.RowsWritten[ProjectionTableNames.Evidence]);
        Assert.Equal(1_105, await context.Set<EvidenceRecord>().CountAsync());
        Assert.True(comparison.IsConsistent, string.Join("; ", comparison.Drift.Take(5)));
    }

    [LedgerFact]
    public async Task Rebuild_OtherChainsInTheTables_KeepTheirRows()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);
        string[] others = ["annex", "zeta"]; // one chain id sorts before the rebuilt chain's, one after
        foreach (var other in others)
        {
            await DomainScenario.RecordAsync(ledger, other);
            await projection.RebuildAsync(other);
        }

        await projection.RebuildAsync(Chain);
        await ledger.AppendAsync(Chain, [new EvidenceWithdrawal { EvidenceId = "e-documented", ControlId = "crit-documented", Reason = "report superseded" }.ToDraft("officer")]);
        var report = await projection.RebuildAsync(Chain);

        foreach (var other in others)
        {
            var comparison = await projection.CompareAsync(other);
            Assert.True(comparison.IsConsistent, $"{other}: {string.Join("; ", comparison.Drift.Take(5))}");
            foreach (var (table, rows) in report.RowsWritten)
            {
                Assert.Equal(rows, await CountAsync(context, $"{db.Table(table)} WHERE chain_id = '{other}'"));
            }
        }

        Assert.True((await projection.CompareAsync(Chain)).IsConsistent);
        Assert.NotNull(await context.Set<EvidenceRecord>().SingleAsync(e => e.ChainId == Chain && e.EvidenceId == "e-documented" && e.WithdrawnAt != null));
    }

    [LedgerFact]
    public async Task Rebuild_OnlyThisChainInTheTables_ReplacesEveryRow()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var (ledger, projection) = await RecordScenarioAsync(db, context);
        var first = await projection.RebuildAsync(Chain);

        await ledger.AppendAsync(Chain, [new EvidenceWithdrawal { EvidenceId = "e-documented", ControlId = "crit-documented", Reason = "report superseded" }.ToDraft("officer")]);
        var second = await projection.RebuildAsync(Chain);

        Assert.Equal(first.RowsWritten, second.RowsWritten);
        foreach (var (table, rows) in second.RowsWritten)
        {
            Assert.Equal(rows, await CountAsync(context, db.Table(table)));
        }

        Assert.True((await projection.CompareAsync(Chain)).IsConsistent);
    }

    private async Task<(IComplianceLedger Ledger, ComplianceProjection<HostDbContext> Projection)> RecordScenarioAsync(TestDatabase db, HostDbContext context)
    {
        var clock = DomainScenario.Clock();
        var ledger = db.CreateLedger(context, clock);
        await DomainScenario.RecordAsync(ledger, Chain);
        return (ledger, new ComplianceProjection<HostDbContext>(context, ledger, clock));
    }

    private static Task<long> CountAsync(HostDbContext context, string from)
    {
        var count = $"SELECT COUNT(*) AS \"Value\" FROM {from}";
        return context.Database.SqlQueryRaw<long>(count).SingleAsync();
    }

    private static async Task<IReadOnlyList<string>> AssertSameAsync<T>(EntityFrameworkComplianceQueries<HostDbContext> store, ComplianceSnapshot snapshot, Ardalis.Specification.ISpecification<T> specification, Func<T, string> key)
        where T : class
    {
        var fromStore = (await store.ListAsync(specification)).Select(key).ToList();
        var fromSnapshot = (await snapshot.ListAsync(specification)).Select(key).ToList();
        Assert.Equal(fromSnapshot, fromStore);
        Assert.Equal(fromSnapshot.Count, await store.CountAsync(specification));
        return fromStore;
    }
}
