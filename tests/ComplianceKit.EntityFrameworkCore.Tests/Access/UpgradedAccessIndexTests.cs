using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.Tests.Upgrade;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>
/// The kit's access side index suite, plus the upgrade of a ledger made before the index existed: the upgrade fixtures were
/// made by an older commit on SQLite and PostgreSQL, so this test lives beside those engines, not in the kit.
/// </summary>
public abstract class UpgradedAccessIndexTests : AccessIndexTests
{
    [LedgerFact]
    public async Task EnsureCreated_LedgerMadeByMain6778631_CreatesTheSideIndexWhichIsBuiltAndAnswers()
    {
        await using var db = await UpgradeFixture.OpenAsync(Engine, "main-6778631");
        await using var context = db.CreateContext();

        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var indexed = await context.IndexAccessTrailAsync("access");
        var report = await context.VerifyAccessIndexAsync("access");
        var found = await context.FindRecordAccessesAsync("access", "record:1", From, To);
        var byUser = await context.FindUserAccessesAsync("access", "user:9", From, To);

        Assert.Equal(120, indexed);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(120, report.IndexedTo);
        Assert.NotEmpty(found);
        await AssertSameAsync(context, new RecordAccessHistorySpec("access", "record:1", From, To), found);
        await AssertSameAsync(context, new UserAccessHistorySpec("access", "user:9", From, To), byUser);
        Assert.True((await db.CreateLedger(context, new FakeClock(To)).VerifyAsync("access")).IsValid);
    }
}
