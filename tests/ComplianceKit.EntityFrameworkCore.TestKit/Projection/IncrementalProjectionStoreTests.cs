using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Tests.Projection;
using ComplianceKit.Verification;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Projection;

/// <summary>The incremental projection over the EF ledger: only new rows are read, and a new row altered in SQL is refused.</summary>
public abstract class IncrementalProjectionStoreTests
{
    private const string Chain = "clinic";

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Update_AfterAppends_ReadsOnlyTheNewRowsAndMatchesAFullBuild()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, DomainScenario.Clock());
        await DomainScenario.RecordAsync(ledger, Chain);
        using var projection = new IncrementalComplianceProjection(Chain);
        var before = await projection.UpdateAsync(ledger);

        await ledger.AppendAsync(Chain, [new ControlDefinition { Id = "late-1", Title = "Late" }.ToDraft("o"),
            new ControlDefinition { Id = "late-2", Title = "Later" }.ToDraft("o")]);
        var after = await projection.UpdateAsync(ledger);

        Assert.Equal((false, 2L, before.LedgerSize + 2), (projection.LastUpdateRebuilt, projection.LastUpdateEntriesRead, after.LedgerSize));
        var full = await VerifiedProjection.BuildAsync(ledger, Chain);
        Assert.Equal(full.Controls.Select(c => (c.ControlId, c.Title)), after.Controls.Select(c => (c.ControlId, c.Title)));
        Assert.Equal(full.Training.Select(t => t.AssignmentId), after.Training.Select(t => t.AssignmentId));
        Assert.Equal(full.Issues.Select(i => i.Sequence), after.Issues.Select(i => i.Sequence));
        Assert.Equal(full.LedgerRoot, after.LedgerRoot);
    }

    [LedgerFact]
    public async Task Update_NewRowAlteredInSql_RefusesTheChainAndHoldsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, DomainScenario.Clock());
        await ledger.AppendAsync(Chain, [new ControlDefinition { Id = "ctl-1", Title = "First" }.ToDraft("o")]);
        using var projection = new IncrementalComplianceProjection(Chain);
        await projection.UpdateAsync(ledger);
        await ledger.AppendAsync(Chain, [new ControlDefinition { Id = "ctl-2", Title = "Second" }.ToDraft("o")]);
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET actor = 'mallory' WHERE sequence = 1");

        var thrown = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() => projection.UpdateAsync(ledger));

        var finding = Assert.Single(thrown.Report!.Findings);
        Assert.Equal((1L, VerificationStatus.HeaderAltered), (finding.Sequence, finding.Status));
        Assert.Equal(0, projection.Size);
    }
}
