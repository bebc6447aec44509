using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Access;

/// <summary>A storm of callers in a writer process that is killed: acknowledged means committed, exactly once.</summary>
public abstract class AccessStormTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task RecordAsync_64CallersWriterProcessKilled_EveryAcknowledgedEventOnceAndTheChainVerifies()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        using var storm = WriterProcess.StartAccessStorm(db, AccessTestKit.Chain, "storm", callers: 64, eventsPerCaller: 1_000_000, AccessTestKit.Key);

        await storm.WaitForAcknowledgementsAsync(3000, Patience);
        storm.Kill();
        var (report, subjects) = await AccessTestKit.ReadBackAsync(db);

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        var acknowledged = storm.Acknowledged.ToList();
        Assert.True(acknowledged.Count >= 3000);
        Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
        Assert.All(acknowledged, reference =>
            Assert.Equal(1, subjects.GetValueOrDefault(AccessTestKit.Pseudonymizer.Pseudonymize(reference))));
        Assert.All(subjects, s => Assert.Equal(1, s.Value));
        Assert.True(report.EntriesRead >= acknowledged.Count);

        // The chain takes appends after the crash.
        await using var context = db.CreateContext();
        var receipt = await db.CreateLedger(context, new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0)))
            .AppendAsync(AccessTestKit.Chain, [EntryDraft.FromJson("test.write", "after", "tester", "{}")]);
        Assert.Equal(report.EntriesRead, receipt.FirstSequence);
    }
}
