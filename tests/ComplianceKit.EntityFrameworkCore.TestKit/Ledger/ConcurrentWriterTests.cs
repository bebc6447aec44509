using System.Text.Json;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Ledger;

/// <summary>Many writers in several processes on one database: no fork, no gap, every acknowledged batch exactly once.</summary>
public abstract class ConcurrentWriterTests
{
    private const string Chain = "shared";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Append_EightWritersInTwoProcesses_YieldOneValidChainWithEveryAcknowledgedEntryOnce()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        using var first = WriterProcess.Start(db, Chain, "p1", writers: 4, batches: 60, batchSize: 5);
        using var second = WriterProcess.Start(db, Chain, "p2", writers: 4, batches: 60, batchSize: 5);

        await Task.WhenAll(first.WaitForSuccessAsync(Timeout), second.WaitForSuccessAsync(Timeout));
        var (report, batches) = await ReadBackAsync(db);

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(2400, report.EntriesRead);
        var acknowledged = first.Acknowledged.Concat(second.Acknowledged).ToList();
        Assert.Equal(480, acknowledged.Count);
        Assert.All(acknowledged, id => Assert.Equal(5, batches.GetValueOrDefault(id)));
    }

    [LedgerFact]
    public async Task Append_TwoProcessesOneEntryAtATime_BothSucceedWithEveryEntryOnceAndNoBusyError()
    {
        // Each append is its own transaction, so the two processes take the write lock from each other hundreds of times (the
        // checkpoint command beside a running host); a busy database surfaced to a caller would fail its process.
        await using var db = await TestDatabase.CreateAsync(Engine);
        using var host = WriterProcess.Start(db, Chain, "host", writers: 1, batches: 300, batchSize: 1);
        using var command = WriterProcess.Start(db, Chain, "command", writers: 1, batches: 300, batchSize: 1);

        await Task.WhenAll(host.WaitForSuccessAsync(Timeout), command.WaitForSuccessAsync(Timeout));
        var (report, batches) = await ReadBackAsync(db);

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(600, report.EntriesRead);
        Assert.Equal(600, host.Acknowledged.Concat(command.Acknowledged).Distinct().Count());
        Assert.All(host.Acknowledged.Concat(command.Acknowledged), id => Assert.Equal(1, batches.GetValueOrDefault(id)));
    }

    [LedgerFact]
    public async Task Append_WriterKilledMidBatch_LeavesAValidChainWithNoHalfBatch()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        using var victim = WriterProcess.Start(db, Chain, "victim", writers: 4, batches: 1000, batchSize: 200);
        using var survivor = WriterProcess.Start(db, Chain, "survivor", writers: 4, batches: 10, batchSize: 20);

        await victim.WaitForFirstAcknowledgementAsync(Timeout);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        victim.Kill();
        await survivor.WaitForSuccessAsync(Timeout);
        var (report, batches) = await ReadBackAsync(db);

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.All(batches, b => Assert.Equal(b.Key.StartsWith("victim", StringComparison.Ordinal) ? 200 : 20, b.Value));
        Assert.All(victim.Acknowledged.Concat(survivor.Acknowledged), id => Assert.True(batches.ContainsKey(id), $"acknowledged batch {id} is missing"));

        // The chain stays writable after the crash.
        await using var context = db.CreateContext();
        var receipt = await db.CreateLedger(context, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)))
            .AppendAsync(Chain, [EntryDraft.FromJson("test.write", "after", "tester", "{}")]);
        Assert.Equal(report.EntriesRead, receipt.FirstSequence);
    }

    private static async Task<(ComplianceKit.Ledger.ChainVerificationReport Report, Dictionary<string, int> Batches)> ReadBackAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)));
        var report = await ledger.VerifyAsync(Chain);
        var batches = new Dictionary<string, int>();
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            using var payload = JsonDocument.Parse(entry.Payload);
            var id = payload.RootElement.GetProperty("batch").GetString()!;
            batches[id] = batches.GetValueOrDefault(id) + 1;
        }

        return (report, batches);
    }
}
