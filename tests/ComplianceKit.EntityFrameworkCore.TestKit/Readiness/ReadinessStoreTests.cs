using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Projection;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Readiness;

/// <summary>
/// Readiness answered by the store's SQL projection equals readiness from the in-memory snapshot. The readiness rules
/// themselves are tested off the database (ComplianceKit.Tests, ReadinessEvaluatorTests).
/// </summary>
public abstract class ReadinessStoreTests
{
    private const string Chain = "clinic";
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Evaluate_StoreAndInMemorySnapshot_GiveTheSameReport()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var clock = DomainScenario.Clock();
        var ledger = db.CreateLedger(context, clock);
        await DomainScenario.RecordAsync(ledger, Chain);
        await new ComplianceProjection<HostDbContext>(context, ledger, clock).RebuildAsync(Chain);
        var store = new EntityFrameworkComplianceQueries<HostDbContext>(context);
        var snapshot = await VerifiedProjection.BuildAsync(ledger, Chain);

        var fromStore = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);
        var fromSnapshot = await new ReadinessEvaluator(ledger, snapshot, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);

        Assert.NotEmpty(fromStore.Blockers);
        Assert.Equal(fromSnapshot.Blockers, fromStore.Blockers);
        Assert.Equal(fromSnapshot.Warnings, fromStore.Warnings);
        Assert.Equal(fromSnapshot.ReadinessPercent, fromStore.ReadinessPercent);
    }
}
