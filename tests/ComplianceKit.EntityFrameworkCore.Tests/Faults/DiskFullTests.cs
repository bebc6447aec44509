using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// The disk under a SQLite ledger fills up (a 2-4 MB tmpfs the test mounts as root) during appends and during a purge:
/// a clear error, every acknowledged entry durable, nothing half-written, and the chain verifies once space returns.
/// </summary>
[Collection("Disk full")]
public sealed class DiskFullTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 1, 1, 9, 0), Duration.FromMilliseconds(1));

    [RootFact]
    public async Task Append_DiskFills_ClearErrorEveryAcknowledgedEntryKeptAndTheChainVerifiesAfterSpaceReturns()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 2);
        var path = Path.Combine(disk.Path, "ledger.db");
        var acknowledged = new List<LedgerEntry>();
        Exception? failure = null;
        await using (var context = await CreateAsync(path))
        {
            var ledger = Ledger(context);
            for (var batch = 0; batch < 10_000 && failure is null; batch++)
            {
                try
                {
                    acknowledged.AddRange((await ledger.AppendAsync(Chain, Accesses(batch, 50))).Entries);
                }
                catch (Exception ex) when (ex is SqliteException or DbUpdateException)
                {
                    failure = ex;
                }
            }
        }

        Assert.NotNull(failure);
        Assert.Equal(13, SqliteCode(failure)); // SQLITE_FULL: "database or disk is full"
        Assert.NotEmpty(acknowledged);

        disk.Grow(megabytes: 8);
        await using (var context = await CreateAsync(path))
        {
            var ledger = Ledger(context);
            var stored = await ledger.ReadAsync(Chain).ToListAsync();
            Assert.Equal(acknowledged.Select(e => (e.Sequence, Convert.ToHexString(e.EntryHash))), stored.Select(e => (e.Sequence, Convert.ToHexString(e.EntryHash))));
            var after = await ledger.AppendAsync(Chain, Accesses(-1, 10));
            Assert.Equal(acknowledged.Count, after.FirstSequence);
            var report = await ledger.VerifyAsync(Chain);
            Assert.True(report.IsValid, string.Join("; ", report.Failures));
        }
    }

    [RootFact]
    public async Task Purge_DiskFills_ClearErrorOnlyRecordedPurgesClearedAndTheChainVerifiesAfterSpaceReturns()
    {
        using var disk = SmallFileSystem.Mount(megabytes: 4);
        var path = Path.Combine(disk.Path, "ledger.db");
        await using (var context = await CreateAsync(path))
        {
            await Retention(context).SetPolicyAsync(Chain, OneYear(), "admin:ana");
            var ledger = Ledger(context);
            for (var batch = 0; batch < 8; batch++)
            {
                await ledger.AppendAsync(Chain, Accesses(batch, 50));
            }
        }

        SqliteConnection.ClearAllPools();
        var filler = disk.FillUp();
        _clock.Reset(Instant.FromUtc(2027, 6, 1, 0, 0));
        Exception? failure = null;
        RetentionApplyResult? result = null;
        await using (var context = await CreateAsync(path, create: false))
        {
            var retention = Retention(context);
            try
            {
                result = await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim");
            }
            catch (Exception ex) when (ex is SqliteException or DbUpdateException)
            {
                failure = ex;
            }
        }

        Assert.Null(result);
        Assert.NotNull(failure);
        Assert.Contains(SqliteCode(failure), new int?[] { 13, 10 }); // SQLITE_FULL, or SQLITE_IOERR when the -shm page cannot be written

        File.Delete(filler);
        await using (var context = await CreateAsync(path, create: false))
        {
            var ledger = Ledger(context);
            var afterFailure = await ledger.VerifyAsync(Chain);
            Assert.True(afterFailure.IsValid, string.Join("; ", afterFailure.Failures));
            var retention = Retention(context);
            var applied = await retention.ApplyAsync(await retention.PlanAsync(Chain), "officer:kim");
            var report = await ledger.VerifyAsync(Chain);
            Assert.NotEmpty(applied.Batches);
            Assert.True(report.IsValid, string.Join("; ", report.Failures));
            Assert.Equal(400, report.PurgedEntries);
        }
    }

    private static int? SqliteCode(Exception ex) => (ex as SqliteException ?? ex.InnerException as SqliteException)?.SqliteErrorCode;

    private static async Task<ComplianceKitDbContext> CreateAsync(string path, bool create = true)
    {
        var context = ComplianceKitSqlite.CreateDbContext(path);
        if (create)
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
        }

        return context;
    }

    private EntityFrameworkLedger<ComplianceKitDbContext> Ledger(ComplianceKitDbContext context) =>
        new(context, _clock, Options.Create(new ComplianceKitOptions()));

    private EntityFrameworkRetention<ComplianceKitDbContext> Retention(ComplianceKitDbContext context) =>
        new(context, _clock, Options.Create(new ComplianceKitOptions()), Options.Create(new RetentionOptions { BatchSize = 100, MaxClockSkew = Duration.FromDays(3650) }),
            ComplianceKit.Administration.AdministrationTrust.UnsignedAllowed());

    private static RetentionPolicy OneYear() =>
        new("access-1y", ["access.*"], Period.FromYears(1), RetentionBasis.RecordedAt, "operational", DateTimeZoneProviders.Tzdb["America/New_York"]);

    private static EntryDraft[] Accesses(int batch, int count) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("access.viewed", $"record:{batch}-{i}", "ehr",
            $$"""{"screen":"chart","note":"{{new string('x', 400)}}","i":{{i}}}""")).ToArray();
}
