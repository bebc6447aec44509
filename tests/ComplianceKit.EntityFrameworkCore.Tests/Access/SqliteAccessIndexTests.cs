using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>
/// The access side index on one SQLite file, and its SQLite layout: a <c>WITHOUT ROWID</c> table, into which a rowid table
/// made by EF Core alone (as every version before it made the table) is upgraded.
/// </summary>
public sealed class SqliteAccessIndexTests : UpgradedAccessIndexTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;

    [LedgerFact]
    public async Task EnsureCreated_NewDatabase_MakesTheSideIndexWithoutRowid()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();

        Assert.Equal(1L, await ScalarAsync(context, $"SELECT wr FROM pragma_table_list WHERE name = '{LedgerTableNames.AccessIndex}'"));
        Assert.Equal(0L, await ScalarAsync(context, $"SELECT count(*) FROM sqlite_schema WHERE tbl_name = '{LedgerTableNames.AccessIndex}' AND type = 'index'"));
    }

    [LedgerFact]
    public async Task EnsureCreated_SideIndexARowidTable_RemadeEmptyLookupsAnswerTheSameAndTheWriterBuildsItAgain()
    {
        // The database as every version before WITHOUT ROWID made it: EF Core's own tables, the index built and partly merged.
        await using var db = await TestDatabase.CreateEmptyAsync(Engine);
        await using var context = db.CreateContext();
        await context.Database.EnsureCreatedAsync();
        await SeedAsync(db, context, 0, 70_000);
        Assert.Equal(70_000, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        await db.ExecuteAsync($"CREATE INDEX ix_host_access_sequence ON {LedgerTableNames.AccessIndex} (sequence)");
        Assert.Equal(0L, await ScalarAsync(context, $"SELECT wr FROM pragma_table_list WHERE name = '{LedgerTableNames.AccessIndex}'"));
        var (record, user) = (AccessTestKit.Pseudonymizer.Pseudonymize("patient/3"), "user-2");
        var recordBefore = await context.FindRecordAccessesAsync(AccessTestKit.Chain, record, From, To);
        var userBefore = await context.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To);

        await ComplianceKitDatabase.EnsureCreatedAsync(context);

        Assert.Equal(1L, await ScalarAsync(context, $"SELECT wr FROM pragma_table_list WHERE name = '{LedgerTableNames.AccessIndex}'"));
        Assert.Equal(0L, await ScalarAsync(context, $"SELECT count(*) FROM {LedgerTableNames.AccessIndex}"));
        Assert.Equal(1L, await ScalarAsync(context, "SELECT count(*) FROM sqlite_schema WHERE name = 'ix_host_access_sequence'"));
        var emptied = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        Assert.True(emptied.IsValid, string.Join("; ", emptied.Findings));
        Assert.Equal(0, emptied.IndexedTo);
        // Read from the entries (the whole chain is the tail now): the same answer.
        Assert.Equal(recordBefore.Select(e => e.Sequence), (await context.FindRecordAccessesAsync(AccessTestKit.Chain, record, From, To)).Select(e => e.Sequence));
        Assert.Equal(userBefore.Select(e => e.Sequence), (await context.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To)).Select(e => e.Sequence));

        // The group-commit writer indexes the chain again in steps: 16,384 entries after its first batch, 65,536 when idle or at shutdown.
        var log = AccessTestKit.Log(new HostContextFactory(db));
        var receipt = await log.RecordAsync(AccessTestKit.Event("patient/3", user));
        Assert.True((await log.ShutdownAsync()).IsComplete);

        var rebuilt = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        Assert.True(rebuilt.IsValid, string.Join("; ", rebuilt.Findings));
        Assert.Equal(70_001, rebuilt.IndexedTo);
        Assert.Equal(2L * 70_001, await ScalarAsync(context, $"SELECT count(*) FROM {LedgerTableNames.AccessIndex}"));
        var recordAfter = await context.FindRecordAccessesAsync(AccessTestKit.Chain, record, From, To);
        Assert.Equal(recordBefore.Select(e => e.Sequence).Append(receipt.Sequence).Order(), recordAfter.Select(e => e.Sequence).Order());
        await AssertSameAsync(context, new RecordAccessHistorySpec(AccessTestKit.Chain, record, From, To), recordAfter);
        await AssertSameAsync(context, new UserAccessHistorySpec(AccessTestKit.Chain, user, From, To),
            await context.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To));

        // Once the table is WITHOUT ROWID, EnsureCreated leaves it and its rows alone.
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        Assert.Equal(70_001, (await context.VerifyAccessIndexAsync(AccessTestKit.Chain)).IndexedTo);
    }

    private static async Task<long> ScalarAsync(DbContext context, string sql)
    {
        await context.Database.OpenConnectionAsync();
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync())!;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
