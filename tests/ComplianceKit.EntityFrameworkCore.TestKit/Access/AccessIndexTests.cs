using System.Collections.Concurrent;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Access;

/// <summary>
/// The access side index: lookups through it plus the unindexed tail answer exactly what the specifications answer over
/// all entries, during and after a storm and after a crash between the chain write and the index write; verify names
/// a row removed from or added to the index, never a lag; a database made before the index gets it built.
/// </summary>
public abstract class AccessIndexTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    /// <summary>Before every entry the tests write.</summary>
    protected static readonly Instant From = Instant.FromUtc(2020, 1, 1, 0, 0);
    /// <summary>After every entry the tests write.</summary>
    protected static readonly Instant To = Instant.FromUtc(2100, 1, 1, 0, 0);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Lookups_DuringAndAfterAStorm_FindEveryAcknowledgedEventAndEqualTheSpecifications()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));
        var acknowledged = new ConcurrentQueue<(string Record, string User, long Sequence)>();
        using var stop = new CancellationTokenSource();

        // 16 callers × 600 events: more than two blocks, so the writer indexes while callers record and lookups run.
        var storm = Task.WhenAll(Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 600; i++)
            {
                var (record, user) = ($"patient/{(c * 600 + i) % 97}", $"user-{c % 5}");
                var receipt = await log.RecordAsync(AccessTestKit.Event(record, user));
                acknowledged.Enqueue((record, user, receipt.Sequence));
            }
        })));
        var checkedDuring = 0;
        await using (var reader = db.CreateContext())
        {
            while (!storm.IsCompleted)
            {
                if (acknowledged.TryPeek(out _))
                {
                    var (record, user, sequence) = acknowledged.ElementAt(Random.Shared.Next(acknowledged.Count));
                    var byRecord = await reader.FindRecordAccessesAsync(AccessTestKit.Chain, AccessTestKit.Pseudonymizer.Pseudonymize(record), From, To);
                    var byUser = await reader.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To);
                    Assert.Contains(sequence, byRecord.Select(e => e.Sequence));
                    Assert.Contains(sequence, byUser.Select(e => e.Sequence));
                    checkedDuring++;
                }
            }
        }

        await storm;
        var shutdown = await log.ShutdownAsync();

        Assert.True(shutdown.IsComplete);
        Assert.True(checkedDuring > 0);
        await using var context = db.CreateContext();
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(9600, report.IndexedTo); // the writer indexed the whole chain by the time it stopped
        foreach (var record in acknowledged.Select(a => a.Record).Distinct())
        {
            var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize(record);
            await AssertSameAsync(context, new RecordAccessHistorySpec(AccessTestKit.Chain, pseudonym, From, To),
                await context.FindRecordAccessesAsync(AccessTestKit.Chain, pseudonym, From, To));
        }

        foreach (var user in acknowledged.Select(a => a.User).Distinct())
        {
            await AssertSameAsync(context, new UserAccessHistorySpec(AccessTestKit.Chain, user, From, To),
                await context.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To));
        }
    }

    [LedgerFact]
    public async Task Lookups_WriterProcessKilledMidStorm_FindEveryAcknowledgedEventOnce()
    {
        // Killed at any point: between a batch's commit and the index write the acknowledged entries are only in the tail.
        await using var db = await TestDatabase.CreateAsync(Engine);
        using var storm = WriterProcess.StartAccessStorm(db, AccessTestKit.Chain, "kill", callers: 64, eventsPerCaller: 1_000_000, AccessTestKit.Key);

        await storm.WaitForAcknowledgementsAsync(6000, Patience);
        storm.Kill();

        await using var context = db.CreateContext();
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        var acknowledged = storm.Acknowledged.ToList();
        Assert.True(acknowledged.Count >= 6000);
        var subjects = new HashSet<string>();
        for (var user = 0; user < 16; user++)
        {
            var found = await context.FindUserAccessesAsync(AccessTestKit.Chain, $"user-{user}", From, To);
            Assert.Equal(found.Count, found.Select(e => e.Subject).Distinct().Count());
            subjects.UnionWith(found.Select(e => e.Subject));
        }

        // Every acknowledged event is found by its user; a sample is found once by its record, from the index or the tail.
        Assert.All(acknowledged, reference => Assert.Contains(AccessTestKit.Pseudonymizer.Pseudonymize(reference), subjects));
        foreach (var reference in acknowledged.Where((_, i) => i % 50 == 0).Append(acknowledged[^1]))
        {
            Assert.Single(await context.FindRecordAccessesAsync(AccessTestKit.Chain, AccessTestKit.Pseudonymizer.Pseudonymize(reference), From, To));
        }
    }

    [LedgerFact]
    public async Task IndexAccessTrail_TwoWritersAtOnce_IndexEveryEntryOnceAndMergeTheSpan()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var seeding = db.CreateContext();
        await SeedAsync(db, seeding, 0, 70_000); // past one span, so both also merge
        await using var first = db.CreateContext();
        await using var second = db.CreateContext();

        var indexed = await Task.WhenAll(
            Task.Run(() => first.IndexAccessTrailAsync(AccessTestKit.Chain)),
            Task.Run(() => second.IndexAccessTrailAsync(AccessTestKit.Chain)));

        // The inserts have no ON CONFLICT: only the head lock keeps the two from inserting one range twice.
        Assert.Equal(70_000, indexed.Sum());
        var report = await seeding.VerifyAccessIndexAsync(AccessTestKit.Chain);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(70_000, report.IndexedTo);
        var countRows = $"SELECT COUNT(*) AS \"Value\" FROM {db.Table(LedgerTableNames.AccessIndex)}";
        var rows = await seeding.Database.SqlQueryRaw<long>(countRows).SingleAsync();
        Assert.Equal(140_000, rows);
        var readMergedTo = $"SELECT merged_to AS \"Value\" FROM {db.Table(LedgerTableNames.AccessIndexHeads)}";
        var mergedTo = await seeding.Database.SqlQueryRaw<long>(readMergedTo).SingleAsync();
        Assert.Equal(65_536, mergedTo);
        var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize("patient/3");
        await AssertSameAsync(seeding, new RecordAccessHistorySpec(AccessTestKit.Chain, pseudonym, From, To),
            await seeding.FindRecordAccessesAsync(AccessTestKit.Chain, pseudonym, From, To));
    }

    [LedgerFact]
    public async Task Lookups_EntriesAppendedPastTheIndex_AreFoundFromTheTailAndTheLagIsNoFinding()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 5000);
        Assert.Equal(5000, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        await SeedAsync(db, context, 5000, 300); // written by another path, as after a crash before the index write

        var found = await context.FindRecordAccessesAsync(AccessTestKit.Chain, AccessTestKit.Pseudonymizer.Pseudonymize("patient/3"), From, To);
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        await AssertSameAsync(context, new RecordAccessHistorySpec(AccessTestKit.Chain, AccessTestKit.Pseudonymizer.Pseudonymize("patient/3"), From, To), found);
        Assert.Contains(found, e => e.Sequence >= 5000);
        Assert.Contains(found, e => e.Sequence < 5000);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(5000, report.IndexedTo);
        Assert.Equal(300, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        Assert.Equal(5300, (await context.VerifyAccessIndexAsync(AccessTestKit.Chain)).IndexedTo);
    }

    [LedgerFact]
    public async Task VerifyAccessIndex_RowRemoved_NamesTheEntryAndItsKey()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 200);
        await context.IndexAccessTrailAsync(AccessTestKit.Chain);
        var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize("patient/3");

        await db.ExecuteAsync($"DELETE FROM {db.Table(LedgerTableNames.AccessIndex)} WHERE sequence = 103 AND kind = 1");
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(new AccessIndexFinding(AccessIndexProblem.Missing, 103, AccessIndexKey.Subject, pseudonym), finding);
        Assert.False(report.IsValid);
    }

    [LedgerFact]
    public async Task VerifyAccessIndex_RowAdded_NamesItAndTheLookupStillAnswersFromTheEntries()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 200);
        await context.IndexAccessTrailAsync(AccessTestKit.Chain);
        var victim = AccessTestKit.Pseudonymizer.Pseudonymize("patient/3");
        var occurred = EntryEncoding.ToUnixMicroseconds((await context.Set<LedgerEntry>().AsNoTracking()
            .SingleAsync(e => e.ChainId == AccessTestKit.Chain && e.Sequence == 104)).OccurredAt);

        // Entry 104 is patient/4's: an added row claims it for patient/3.
        await db.ExecuteAsync($"INSERT INTO {db.Table(LedgerTableNames.AccessIndex)} (chain_id, block, kind, key, occurred_at, sequence) VALUES ('access', 0, 1, {{0}}, {{1}}, 104)", victim, occurred);
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        var found = await context.FindRecordAccessesAsync(AccessTestKit.Chain, victim, From, To);

        Assert.Equal([new AccessIndexFinding(AccessIndexProblem.Unexpected, 104, AccessIndexKey.Subject, victim)], report.Findings);
        Assert.DoesNotContain(found, e => e.Sequence == 104);
        await AssertSameAsync(context, new RecordAccessHistorySpec(AccessTestKit.Chain, victim, From, To), found);
    }

    [LedgerFact]
    public async Task IndexAccessTrail_PastASpan_MergesItsRowsIntoItsFirstBlockAndLookupsAndVerifyStillAgree()
    {
        // 66,000 entries: the first span (65,536) is complete and merged into block 0, the other 464 sit in block 16.
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 66_000);
        var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize("patient/3");

        Assert.Equal(66_000, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        var blocks = await BlocksAsync(db, context);
        var intact = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        await AssertLookupsAgreeAsync(context, "patient/3", "user-2");
        await db.ExecuteAsync($"DELETE FROM {db.Table(LedgerTableNames.AccessIndex)} WHERE sequence = 40003 AND kind = 1");
        var tampered = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        Assert.Equal([0L, 16L], blocks);
        Assert.True(intact.IsValid, string.Join("; ", intact.Findings));
        Assert.Equal([new AccessIndexFinding(AccessIndexProblem.Missing, 40003, AccessIndexKey.Subject, pseudonym)], tampered.Findings);
    }

    [LedgerFact]
    public async Task IndexAccessTrail_WithinASpan_WritesRowsWhereTheEngineWritesThemAndVerifyAndLookupsAgree()
    {
        // 5,000 entries, less than a span: SQLite writes rows into their own blocks (0 and 1); PostgreSQL, whose log records
        // rows and not pages, straight into the span's first block, so its spans never need merging.
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 5000);

        Assert.Equal(5000, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        var blocks = await BlocksAsync(db, context);
        var report = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        Assert.Equal(Engine.Name == "postgres", Engine.Dialect.WritesAccessIndexBySpan);
        Assert.Equal(Engine.Dialect.WritesAccessIndexBySpan ? [0L] : [0L, 1L], blocks);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        await AssertLookupsAgreeAsync(context, "patient/3", "user-2");
    }

    [LedgerFact]
    public async Task IndexAccessTrail_SpanWithRowsInBothPlaces_MergesThemIntoItsFirstBlock()
    {
        // A span begun in own blocks and finished in its first block (or the other way round): a PostgreSQL database indexed
        // before it wrote by span, then by this version. The merge moves what is left in the other blocks.
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 30_000);
        await context.IndexAccessTrailAsync(AccessTestKit.Chain);
        var index = db.Table(LedgerTableNames.AccessIndex);
        await db.ExecuteAsync($"UPDATE {index} SET block = CASE WHEN block = 0 THEN sequence / 4096 ELSE 0 END");
        var mixed = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        await AssertLookupsAgreeAsync(context, "patient/8", "user-5");
        await SeedAsync(db, context, 30_000, 40_000);

        Assert.Equal(40_000, await context.IndexAccessTrailAsync(AccessTestKit.Chain));
        var blocks = await BlocksAsync(db, context);
        var merged = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        Assert.True(mixed.IsValid, string.Join("; ", mixed.Findings));
        // The second span (65,536 to 69,999) is not complete: by span in block 16, otherwise in blocks 16 and 17.
        Assert.Equal(Engine.Dialect.WritesAccessIndexBySpan ? [0L, 16L] : [0L, 16L, 17L], blocks);
        Assert.True(merged.IsValid, string.Join("; ", merged.Findings));
        Assert.Equal(70_000, merged.IndexedTo);
        await AssertLookupsAgreeAsync(context, "patient/8", "user-5");
    }

    [LedgerFact]
    public async Task Lookups_SpanHalfMerged_FindEveryEntryAndVerifyNamesAMergeClaimedTooFarAndIndexingFinishesIt()
    {
        // A span merged part of the way, as a writer leaves it between merge steps: subject rows up to one key in block 0,
        // the other rows still in their own blocks, merged_to still 0 (made from a merged index by moving rows back).
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await SeedAsync(db, context, 0, 66_000);
        await context.IndexAccessTrailAsync(AccessTestKit.Chain);
        var (index, heads) = (db.Table(LedgerTableNames.AccessIndex), db.Table(LedgerTableNames.AccessIndexHeads));
        var boundary = AccessTestKit.Pseudonymizer.Pseudonymize("patient/50");
        await db.ExecuteAsync($"UPDATE {index} SET block = sequence / 4096 WHERE block = 0 AND NOT (kind = 1 AND key <= '{boundary}')");
        await db.ExecuteAsync($"UPDATE {heads} SET merged_to = 0, merge_kind = 1, merged_key = '{boundary}'");
        var halfMerged = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        foreach (var (patient, user) in new[] { ("patient/50", "user-3"), ("patient/51", "user-4"), ("patient/7", "user-0") })
        {
            await AssertLookupsAgreeAsync(context, patient, user);
        }

        // merged_to claimed past the span: lookups would probe block 0 only, so verify names the rows still elsewhere.
        await db.ExecuteAsync($"UPDATE {heads} SET merged_to = 65536");
        var overclaimed = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);
        await db.ExecuteAsync($"UPDATE {heads} SET merged_to = 0");
        await context.IndexAccessTrailAsync(AccessTestKit.Chain);
        var blocks = await BlocksAsync(db, context);
        var merged = await context.VerifyAccessIndexAsync(AccessTestKit.Chain);

        Assert.True(halfMerged.IsValid, string.Join("; ", halfMerged.Findings));
        Assert.Contains(overclaimed.Findings, f => f.Problem == AccessIndexProblem.Missing && f.Kind == AccessIndexKey.Actor && f.Sequence == 5_000);
        // Which rows are named first depends on the engine's read order (PostgreSQL's heap): every one is of the span's other blocks.
        Assert.Contains(overclaimed.Findings, f => f.Problem == AccessIndexProblem.Unexpected);
        Assert.All(overclaimed.Findings.Where(f => f.Problem == AccessIndexProblem.Unexpected), f => Assert.InRange(f.Sequence, 4096, 65_535));
        Assert.Equal([0L, 16L], blocks);
        Assert.True(merged.IsValid, string.Join("; ", merged.Findings));
    }

    /// <summary>Appends access entries for patient/(i % 100) by user-(i % 7) through the ledger, not the access log (so not indexed).</summary>
    protected static async Task SeedAsync(TestDatabase db, HostDbContext context, int first, int count)
    {
        var encoder = new AccessEventEncoder(AccessTestKit.Pseudonymizer);
        var ledger = db.CreateLedger(context, AccessTestKit.Clock());
        var at = Instant.FromUtc(2026, 3, 2, 8, 0);
        for (var start = first; start < first + count; start += 1000)
        {
            var drafts = Enumerable.Range(start, Math.Min(1000, first + count - start))
                .Select(i => encoder.Encode(AccessTestKit.Event($"patient/{i % 100}", $"user-{i % 7}", occurredAt: at.Plus(Duration.FromSeconds(i))), at))
                .ToArray();
            await ledger.AppendAsync(AccessTestKit.Chain, drafts);
        }
    }

    /// <summary>The blocks that hold index rows, in order.</summary>
    private static Task<List<long>> BlocksAsync(TestDatabase db, HostDbContext context)
    {
        var distinctBlocks = $"SELECT DISTINCT block AS \"Value\" FROM {db.Table(LedgerTableNames.AccessIndex)} ORDER BY block";
        return context.Database.SqlQueryRaw<long>(distinctBlocks).ToListAsync();
    }

    /// <summary>Asserts both lookups, for <paramref name="patient"/>'s record and for <paramref name="user"/>, answer what the specifications answer.</summary>
    private static async Task AssertLookupsAgreeAsync(HostDbContext context, string patient, string user)
    {
        var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize(patient);
        await AssertSameAsync(context, new RecordAccessHistorySpec(AccessTestKit.Chain, pseudonym, From, To),
            await context.FindRecordAccessesAsync(AccessTestKit.Chain, pseudonym, From, To));
        await AssertSameAsync(context, new UserAccessHistorySpec(AccessTestKit.Chain, user, From, To),
            await context.FindUserAccessesAsync(AccessTestKit.Chain, user, From, To));
    }

    /// <summary>Asserts <paramref name="found"/> holds exactly the entries <paramref name="spec"/> selects from the entries table.</summary>
    protected static async Task AssertSameAsync(HostDbContext context, Ardalis.Specification.ISpecification<LedgerEntry> spec, IReadOnlyList<LedgerEntry> found)
    {
        var expected = await context.Set<LedgerEntry>().AsNoTracking().ApplySpecification(spec).Select(e => e.Sequence).ToListAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, found.Select(e => e.Sequence));
    }
}
