using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.EntityFrameworkCore.Tests.GroupCommit;

/// <summary>
/// The group-commit writer on SQLite copies its write-ahead log into the database on a connection of its own while it runs:
/// its own commits would copy it only past 64 MiB, so without that the database file would not grow until the log closes.
/// </summary>
public sealed class SqliteLogCheckpointTests
{
    [LedgerFact]
    public async Task RecordAsync_ManyBatches_TheLogIsCopiedIntoTheDatabaseWhileTheWriterRuns()
    {
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Sqlite);
        var file = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        var created = new FileInfo(file).Length;
        await using var log = AccessTestKit.Log(new HostContextFactory(db));

        // Under 4 MiB of log: below SQLite's default limit too, so no commit of the writer copies it.
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => log.RecordAsync(AccessTestKit.Event($"patient/{round}-{i}", $"user-{i % 7}"))));
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (new FileInfo(file).Length < created + 500_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(file).Length >= created + 500_000,
            $"the database file stayed at {new FileInfo(file).Length} bytes (made at {created}) while the writer ran: its log was not copied");
        Assert.True((await log.ShutdownAsync()).IsComplete);
        var (report, subjects) = await AccessTestKit.ReadBackAsync(db);
        Assert.True(report.IsValid);
        Assert.Equal(2_000, subjects.Values.Sum());
    }
}
