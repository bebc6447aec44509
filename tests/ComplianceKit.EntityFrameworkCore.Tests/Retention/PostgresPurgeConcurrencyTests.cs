using System.Collections.Concurrent;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Retention;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Retention;

/// <summary>A purge of 100,000 entries on PostgreSQL while other writers keep appending to the same chain.</summary>
public sealed class PostgresPurgeConcurrencyTests : IPostgresTests
{
    private const string Chain = "busy";
    private const int Purgeable = 100_000;
    private const int BatchSize = 5_000;
    private const int Writers = 4;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    [LedgerFact]
    public async Task Apply_HundredThousandEntriesWhileWritersAppend_NeverBlocksAnAppendLongerThanOneBatchAndTouchesOnlyThePlan()
    {
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Postgres);
        var seedClock = new FakeClock(Instant.FromUtc(2012, 1, 1, 0, 0), Duration.FromMilliseconds(1));
        var (held, unmanaged) = await SeedAsync(db, seedClock);
        var purgeClock = new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0));
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, purgeClock);
        var retention = RetentionStoreTests.CreateRetention(db, context, purgeClock, BatchSize);
        var before = await ledger.VerifyAsync(Chain);
        var plan = await retention.PlanAsync(Chain);

        // Writers append until the purge is over; each append notes how many batches had committed
        // when it started and when it returned.
        var committed = 0;
        var purgeDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appends = new ConcurrentBag<(int Before, int After, long First, int Count)>();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var writerContext = db.CreateContext();
            var writer = db.CreateLedger(writerContext, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)));
            for (var n = 0; !purgeDone.Task.IsCompleted || n < 3; n++)
            {
                var drafts = Enumerable.Range(0, 3)
                    .Select(i => EntryDraft.FromJson("access.viewed", $"live:{w}-{n}-{i}", "ehr", """{"screen":"chart"}"""))
                    .ToArray();
                var startedAfter = Volatile.Read(ref committed);
                var receipt = await writer.AppendAsync(Chain, drafts);
                appends.Add((startedAfter, Volatile.Read(ref committed), receipt.FirstSequence, drafts.Length));
            }
        })).ToArray();
        var progress = new SynchronousProgress(_ => Interlocked.Increment(ref committed));
        var result = await retention.ApplyAsync(plan, "officer:kim", progress).WaitAsync(HangGuard);
        purgeDone.SetResult();
        await Task.WhenAll(writers).WaitAsync(HangGuard);
        var after = await ledger.VerifyAsync(Chain);
        var absent = await RetentionStoreTests.AbsentPayloadsAsync(ledger, Chain);

        // The plan: exactly the expired, unheld access entries.
        Assert.Equal(VerificationStatus.Valid, before.Status);
        Assert.Equal(Purgeable, plan.Purges.Count);
        Assert.Equal(held, plan.Held.Count);
        Assert.Empty(result.Skipped);
        Assert.Equal(Purgeable / BatchSize, result.Batches.Count);

        // Nothing outside the plan is touched: the absent payloads are exactly the planned ones.
        Assert.Equal(plan.Purges.Select(p => p.Sequence), absent);
        Assert.True(after.IsValid, string.Join("; ", after.Failures.Take(5)));
        Assert.Equal(Purgeable, after.PurgedEntries);
        Assert.True(after.EntriesRead > before.EntriesRead + Purgeable / BatchSize, "the writers appended during the purge");
        Assert.True(unmanaged > 0);

        // Appends interleave with the batches: writers' entries sit between purge entries.
        var purgeSequences = result.Batches.Select(b => b.PurgeSequence).ToArray();
        var gapsWithAppends = appends.Select(a => Array.BinarySearch(purgeSequences, a.First)).Select(i => ~i)
            .Where(gap => gap > 0 && gap < purgeSequences.Length).Distinct().Count();
        Assert.True(gapsWithAppends >= (purgeSequences.Length - 1) / 2,
            $"appends landed between only {gapsWithAppends} of {purgeSequences.Length - 1} pairs of consecutive purge batches");

        // No append waited through more than one batch: while it ran, at most the batch in progress
        // committed, plus the next one if that batch took the lock before the append asked for it.
        var duringPurge = appends.Where(a => a.Before < result.Batches.Count).ToList();
        Assert.NotEmpty(duringPurge);
        Assert.All(duringPurge, a => Assert.True(a.After - a.Before <= 2,
            $"an append starting after {a.Before} batches returned after {a.After}: it waited through {a.After - a.Before} batches"));
    }

    /// <summary>Seeds 100,000 expired access entries, entries a hold covers, and entries no policy governs, in large appends.</summary>
    private static async Task<(int Held, int Unmanaged)> SeedAsync(TestDatabase db, FakeClock clock)
    {
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, clock);
        await retention.SetPolicyAsync(Chain, RetentionStoreTests.AccessPolicy(), "admin:ana");
        await retention.PlaceHoldAsync(Chain, new LegalHold("audit-2012", "state audit", subject: "held:*"), "counsel:lee");
        var drafts = new List<EntryDraft>();
        var (held, unmanaged) = (0, 0);
        for (var i = 0; i < Purgeable; i++)
        {
            drafts.Add(EntryDraft.FromJson("access.viewed", $"record:{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}"""));
            if (i % 97 == 0)
            {
                drafts.Add(EntryDraft.FromJson("access.viewed", $"held:{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}"""));
                held++;
            }

            if (i % 53 == 0)
            {
                drafts.Add(EntryDraft.FromJson("training.completed", $"person:{i}", "lms", $$"""{"course":"hipaa-101","i":{{i}}}"""));
                unmanaged++;
            }
        }

        foreach (var batch in drafts.Chunk(10_000))
        {
            await ledger.AppendAsync(Chain, batch);
        }

        return (held, unmanaged);
    }

    /// <summary>Reports on the caller's thread, so the count moves before the next batch starts.</summary>
    private sealed class SynchronousProgress(Action<PurgeBatchResult> report) : IProgress<PurgeBatchResult>
    {
        public void Report(PurgeBatchResult value) => report(value);
    }
}
