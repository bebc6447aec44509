using Ardalis.Specification;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.Access;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>The access specifications on SQLite without the subject and actor indexes.</summary>
public sealed class SqliteTypeIndexOnlyAccessSpecificationTests : AccessSpecificationTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;

    /// <inheritdoc />
    protected override bool IndexSubjectsAndActors => false;

    /// <summary>The option changes the schema: only the type index is created beside the keys.</summary>
    [Fact]
    public async Task EnsureCreated_WithoutSubjectAndActorIndexes_CreatesOnlyTheTypeIndex()
    {
        await using var lean = await TestDatabase.CreateAsync(Engine, indexSubjectsAndActors: false);
        await using var full = await TestDatabase.CreateAsync(Engine, indexSubjectsAndActors: true);

        Assert.Equal(["ix_ck_ledger_entries_type"], await IndexNamesAsync(lean));
        Assert.Equal(["ix_ck_ledger_entries_actor", "ix_ck_ledger_entries_subject", "ix_ck_ledger_entries_type"], await IndexNamesAsync(full));
    }

    private static async Task<List<string>> IndexNamesAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        return await context.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ck_ledger_entries' AND sql IS NOT NULL ORDER BY name")
            .ToListAsync();
    }
}
