using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Access;

/// <summary>The group-commit access log on a real database: acknowledgements, back-pressure, failures and shutdown.</summary>
public abstract class GroupCommitAccessLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task RecordAsync_64ConcurrentCallers_EveryAcknowledgedEventIsInTheChainOnce()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var factory = new HostContextFactory(db);
        var log = AccessTestKit.Log(factory);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 64).Select(c => Task.Run(async () =>
        {
            var mine = new List<AccessReceipt>();
            for (var i = 0; i < 40; i++)
            {
                mine.Add(await log.RecordAsync(AccessTestKit.Event($"patient/{c}-{i}", $"user-{c % 8}")));
            }

            return mine;
        })));
        var report = await log.ShutdownAsync();
        var (verification, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.True(verification.IsValid, string.Join("; ", verification.Findings));
        Assert.Equal(2560, verification.EntriesRead);
        Assert.True(report.IsComplete);
        var all = receipts.SelectMany(r => r).ToList();
        Assert.Equal(Enumerable.Range(0, 2560).Select(i => (long)i), all.Select(r => r.Sequence).Order());
        Assert.All(Enumerable.Range(0, 64).SelectMany(c => Enumerable.Range(0, 40).Select(i => $"patient/{c}-{i}")),
            reference => Assert.Equal(1, subjects.GetValueOrDefault(AccessTestKit.Pseudonymizer.Pseudonymize(reference))));
        Assert.True(factory.Created < 64, $"one context per writer, not per batch; made {factory.Created}");
    }

    [LedgerFact]
    public async Task RecordAsync_TwoAppInstancesTakingTurns_EachNoticesTheOthersEntriesAndTheChainVerifies()
    {
        // Each log remembers the head it last wrote; every turn the other instance has moved it.
        await using var db = await TestDatabase.CreateAsync(Engine);
        var first = AccessTestKit.Log(new HostContextFactory(db));
        var second = AccessTestKit.Log(new HostContextFactory(db));

        var sequences = new List<long>();
        for (var turn = 0; turn < 6; turn++)
        {
            var log = turn % 2 == 0 ? first : second;
            sequences.Add((await log.RecordAsync(AccessTestKit.Event($"patient/{turn}-a"))).Sequence);
            sequences.Add((await log.RecordAsync(AccessTestKit.Event($"patient/{turn}-b"))).Sequence);
        }

        await first.ShutdownAsync();
        await second.ShutdownAsync();
        var (verification, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.True(verification.IsValid, string.Join("; ", verification.Findings));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), sequences);
        Assert.Equal(12, subjects.Count);
    }

    [LedgerFact]
    public async Task RecordAsync_DatabaseRefusesABatchMidWrite_ItsCallerFailsAndTheNextBatchCommitsOnTheSameChain()
    {
        // On PostgreSQL the writer sends its second and later batches as one round trip ending in COMMIT;
        // a statement failing inside it must leave nothing written and the writer able to go on.
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));
        await log.RecordAsync(AccessTestKit.Event("patient/1"));
        await log.RecordAsync(AccessTestKit.Event("patient/2"));
        var poisoned = AccessTestKit.Pseudonymizer.Pseudonymize("patient/poison");
        await db.ExecuteAsync(db.Engine.RefuseInsertSql("refuse_access", db.Table("ck_ledger_entries"), $"NEW.subject = '{poisoned}'", "simulated refusal"));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => log.RecordAsync(AccessTestKit.Event("patient/poison")));
        var after = await log.RecordAsync(AccessTestKit.Event("patient/3"));
        await log.ShutdownAsync();
        var (verification, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.Contains("simulated refusal", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, after.Sequence);
        Assert.True(verification.IsValid, string.Join("; ", verification.Findings));
        Assert.Equal(3, verification.EntriesRead);
        Assert.False(subjects.ContainsKey(poisoned));
    }

    [LedgerFact]
    public async Task RecordAsync_StoresPseudonymNotReference_AndOutcomeAsEntryType()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));

        var receipt = await log.RecordAsync(AccessTestKit.Event("patient/48213", outcome: AccessOutcome.BreakGlass, action: AccessAction.Print));
        await log.ShutdownAsync();
        await using var context = db.CreateContext();
        var entry = await db.CreateLedger(context, AccessTestKit.Clock()).GetEntryAsync(AccessTestKit.Chain, receipt.Sequence);

        Assert.NotNull(entry);
        Assert.Equal(AccessEntryTypes.BreakGlass, entry.EntryType);
        Assert.Equal(AccessTestKit.Pseudonymizer.Pseudonymize("patient/48213"), entry.Subject);
        Assert.Equal(receipt.Subject, entry.Subject);
        Assert.Equal("user-1", entry.Actor);
        Assert.Equal("""{"action":"print","client":"ws-12","purpose":"TREAT","role":"nurse","session":"s-1"}""", System.Text.Encoding.UTF8.GetString(entry.Payload!));
        Assert.DoesNotContain("48213", entry.Subject + System.Text.Encoding.UTF8.GetString(entry.Payload!), StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task RecordAsync_QueueFullInFailMode_ThrowsAndRecordsNothingForThatCaller()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 1, QueueCapacity = 2, QueueFullMode = QueueFullMode.Fail });
        var inFlight = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var queued = new[] { log.RecordAsync(AccessTestKit.Event("patient/2")), log.RecordAsync(AccessTestKit.Event("patient/3")) };

        var refused = await Assert.ThrowsAsync<AccessQueueFullException>(() => log.RecordAsync(AccessTestKit.Event("patient/4")));
        gate.Open();
        await Task.WhenAll(queued.Append(inFlight)).WaitAsync(Patience);
        await log.ShutdownAsync();
        var (_, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.Contains("2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, subjects.Count);
        Assert.False(subjects.ContainsKey(AccessTestKit.Pseudonymizer.Pseudonymize("patient/4")));
    }

    [LedgerFact]
    public async Task RecordAsync_QueueFullInWaitMode_WaitsForRoomThenCommits()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 1, QueueCapacity = 1 });
        var inFlight = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var queued = log.RecordAsync(AccessTestKit.Event("patient/2"));

        var waiting = log.RecordAsync(AccessTestKit.Event("patient/3"));
        var waitedWhileFull = !waiting.IsCompleted && log.QueueLength == 1;
        gate.Open();
        var receipts = await Task.WhenAll(inFlight, queued, waiting).WaitAsync(Patience);
        await log.ShutdownAsync();

        Assert.True(waitedWhileFull);
        Assert.Equal([0L, 1L, 2L], receipts.Select(r => r.Sequence));
        Assert.Equal(3, await AccessTestKit.CountEntriesAsync(db));
    }

    [LedgerFact]
    public async Task RecordAsync_CancelledWhileWaitingForRoom_IsNotRecorded()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 1, QueueCapacity = 1 });
        var inFlight = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var queued = log.RecordAsync(AccessTestKit.Event("patient/2"));
        using var cancel = new CancellationTokenSource();
        var waiting = log.RecordAsync(AccessTestKit.Event("patient/3"), cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.Open();
        await Task.WhenAll(inFlight, queued).WaitAsync(Patience);
        await log.ShutdownAsync();
        var (_, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.Equal(2, subjects.Count);
        Assert.False(subjects.ContainsKey(AccessTestKit.Pseudonymizer.Pseudonymize("patient/3")));
    }

    [LedgerFact]
    public async Task ShutdownAsync_WriterStuckPastTimeout_ReportsAndFailsEveryUnwrittenEvent()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 2 });
        var first = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var rest = Enumerable.Range(2, 4).Select(i => log.RecordAsync(AccessTestKit.Event($"patient/{i}"))).ToArray();

        var report = await log.ShutdownAsync(TimeSpan.FromMilliseconds(100));
        gate.Open();

        Assert.True(report.TimedOut);
        Assert.Equal(0, report.Written);
        Assert.Equal(["patient/1", "patient/2", "patient/3", "patient/4", "patient/5"], report.Unwritten.Select(e => e.RecordReference).Order());
        foreach (var task in rest.Prepend(first))
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => task);
        }

        Assert.Equal(0, await AccessTestKit.CountEntriesAsync(db));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.RecordAsync(AccessTestKit.Event("patient/6")));
    }

    [LedgerFact]
    public async Task ShutdownAsync_WriterCatchesUpInTime_FlushesEverythingQueued()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate));
        var first = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var rest = Enumerable.Range(2, 9).Select(i => log.RecordAsync(AccessTestKit.Event($"patient/{i}"))).ToArray();

        var shutdown = log.ShutdownAsync(Patience);
        var refusedAfterShutdown = await Record.ExceptionAsync(() => log.RecordAsync(AccessTestKit.Event("patient/late")));
        gate.Open();
        var report = await shutdown;

        Assert.IsType<ObjectDisposedException>(refusedAfterShutdown);
        Assert.Same(report, await log.ShutdownAsync(TimeSpan.Zero));
        Assert.False(report.TimedOut);
        Assert.True(report.IsComplete);
        Assert.Equal(10, report.Written);
        Assert.All(await Task.WhenAll(rest.Prepend(first)), r => Assert.Equal(AccessTestKit.Chain, r.ChainId));
        Assert.Equal(10, await AccessTestKit.CountEntriesAsync(db));
    }

    [LedgerFact]
    public async Task RecordAsync_BatchFails_EveryCallerGetsTheErrorAndTheWriterRecovers()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));
        await log.RecordAsync(AccessTestKit.Event("patient/0"));
        var heads = db.Table("ck_chain_heads");
        await db.ExecuteAsync($"UPDATE {heads} SET last_entry_hash = {{0}} WHERE chain_id = 'access'", new byte[] { 0 });

        var attempts = Enumerable.Range(1, 20).Select(i => log.RecordAsync(AccessTestKit.Event($"patient/{i}"))).ToArray();
        var failures = new List<Exception>();
        foreach (var attempt in attempts)
        {
            failures.Add(await Assert.ThrowsAsync<InvalidDataException>(() => attempt));
        }

        var entriesAfterFailure = await AccessTestKit.CountEntriesAsync(db);
        await using (var context = db.CreateContext())
        {
            var stored = await context.Set<LedgerEntry>().SingleAsync(e => e.ChainId == AccessTestKit.Chain);
            await db.ExecuteAsync($"UPDATE {heads} SET last_entry_hash = {{0}} WHERE chain_id = 'access'", stored.EntryHash);
        }

        var recovered = await log.RecordAsync(AccessTestKit.Event("patient/after"));
        await log.ShutdownAsync();
        var (verification, _) = await AccessTestKit.ReadBackAsync(db);

        Assert.All(failures, f => Assert.Contains("altered outside the library", f.Message, StringComparison.Ordinal));
        Assert.Equal(1, entriesAfterFailure);
        Assert.Equal(1, recovered.Sequence);
        Assert.True(verification.IsValid, string.Join("; ", verification.Findings));
    }
    [LedgerFact]
    public async Task AppendAsync_EntriesHandedInBetweenConcurrentEvents_EachCommittedOnceAsReturnedAndTheChainVerifies()
    {
        // The log as its chain's one writer: another component's entries join the callers' batches.
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));

        var events = Enumerable.Range(0, 16).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await log.RecordAsync(AccessTestKit.Event($"patient/{c}-{i}"));
            }
        })).ToArray();
        var handed = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            log.AppendAsync(EntryDraft.FromJson("checkpoint.published", $"checkpoint:{i}", "compliancekit-checkpoint", $$"""{"n":{{i}}}""")))));
        await Task.WhenAll(events);
        await log.ShutdownAsync();
        var (verification, subjects) = await AccessTestKit.ReadBackAsync(db);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, AccessTestKit.Clock());

        Assert.True(verification.IsValid, string.Join("; ", verification.Findings));
        Assert.Equal(330, verification.EntriesRead);
        Assert.Equal(10, handed.Select(e => e.Sequence).Distinct().Count());
        foreach (var entry in handed)
        {
            var stored = await ledger.GetEntryAsync(AccessTestKit.Chain, entry.Sequence);
            Assert.NotNull(stored);
            Assert.Equal("checkpoint.published", stored.EntryType);
            Assert.Equal(entry.Subject, stored.Subject);
            Assert.Equal(entry.EntryHash, stored.EntryHash);
            Assert.Equal(1, subjects[entry.Subject]);
        }
    }

    [LedgerFact]
    public async Task AppendAsync_InvalidDraft_ThrowsOnTheCallersThreadAndQueuesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db));

        var refused = await Assert.ThrowsAsync<LedgerValidationException>(() =>
            log.AppendAsync(EntryDraft.FromJson("Checkpoint Published", "checkpoint:1", "compliancekit-checkpoint", "{}")));
        await log.ShutdownAsync();

        Assert.Contains("Checkpoint Published", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await AccessTestKit.CountEntriesAsync(db));
    }

    [LedgerFact]
    public async Task AppendAsync_QueueFullInFailMode_WaitsForRoomWhereAnEventIsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 1, QueueCapacity = 1, QueueFullMode = QueueFullMode.Fail });
        var inFlight = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var queued = log.RecordAsync(AccessTestKit.Event("patient/2"));

        await Assert.ThrowsAsync<AccessQueueFullException>(() => log.RecordAsync(AccessTestKit.Event("patient/3")));
        var handed = log.AppendAsync(EntryDraft.FromJson("checkpoint.published", "checkpoint:2", "compliancekit-checkpoint", "{}"));
        var waitedWhileFull = !handed.IsCompleted;
        gate.Open();
        var entry = await handed.WaitAsync(Patience);
        await Task.WhenAll(inFlight, queued).WaitAsync(Patience);
        await log.ShutdownAsync();

        Assert.True(waitedWhileFull);
        Assert.Equal(2, entry.Sequence);
        Assert.Equal(3, await AccessTestKit.CountEntriesAsync(db));
    }

    [LedgerFact]
    public async Task AppendAsync_WriterStuckPastShutdownTimeout_FailsTheEntryAndReportsOnlyTheEvents()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = AccessTestKit.Log(new HostContextFactory(db, gate), new GroupCommitOptions { MaxBatchSize = 1 });
        var first = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(Patience);
        var handed = log.AppendAsync(EntryDraft.FromJson("checkpoint.published", "checkpoint:1", "compliancekit-checkpoint", "{}"));

        var report = await log.ShutdownAsync(TimeSpan.FromMilliseconds(100));
        gate.Open();

        Assert.True(report.TimedOut);
        Assert.Equal(["patient/1"], report.Unwritten.Select(e => e.RecordReference));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => handed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync(EntryDraft.FromJson("checkpoint.published", "checkpoint:2", "compliancekit-checkpoint", "{}")));
        Assert.Equal(0, await AccessTestKit.CountEntriesAsync(db));
    }
}
