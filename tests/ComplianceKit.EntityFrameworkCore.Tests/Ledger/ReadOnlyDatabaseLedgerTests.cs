using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Ledger.Specification;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>
/// <see cref="ReadOnlyDatabaseLedger"/> (a bare connection, no EF model) answers exactly what the host's
/// <see cref="EntityFrameworkLedger{TContext}"/> answers over the same database: every finding of a tampered chain, tree
/// heads, proofs and reads; and it refuses appends.
/// </summary>
public abstract class ReadOnlyDatabaseLedgerTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task EveryAnswer_OfAnIntactChain_IsTheContextLedgers()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await AppendAsync(db, 300);

        await using var context = db.CreateContext();
        var expected = db.CreateLedger(context, _clock);
        await using var reader = await OpenAsync(db);
        var ledger = reader.Ledger;

        var report = await ledger.VerifyAsync(Chain);
        Assert.True(report.IsValid);
        AssertSameReport(await expected.VerifyAsync(Chain), report);
        Assert.Equal(await expected.GetChainIdsAsync(), await ledger.GetChainIdsAsync());
        Assert.Equal(await expected.GetTreeHeadAsync(Chain), await ledger.GetTreeHeadAsync(Chain));
        Assert.Equal(await expected.GetTreeHeadAsync(Chain, 137), await ledger.GetTreeHeadAsync(Chain, 137));
        Assert.Equal(await expected.GetInclusionProofAsync(Chain, 100, 257), await ledger.GetInclusionProofAsync(Chain, 100, 257));
        Assert.Equal(await expected.GetConsistencyProofAsync(Chain, 61, 300), await ledger.GetConsistencyProofAsync(Chain, 61, 300));
        Assert.Equal((await expected.GetEntryAsync(Chain, 42))!.EntryHash, (await ledger.GetEntryAsync(Chain, 42))!.EntryHash);
        Assert.Equal(await Sequences(expected.ReadByTypeFromAsync(Chain, ["audit.odd"], 50)), await Sequences(ledger.ReadByTypeFromAsync(Chain, ["audit.odd"], 50)));
        Assert.Equal(300, (await Sequences(ledger.ReadAsync(Chain))).Count);
        await using (await ledger.BeginReadSnapshotAsync())
        {
            // Inside a snapshot the verification joins it, as the context's does.
            Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync(Chain, [EntryDraft.FromJson("x", "s", "a", "{}")]));
        Assert.Contains("only reads", refused.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Verify_TamperedChain_GivesTheContextLedgersFindings()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await AppendAsync(db, 40);
        var entries = db.Table("ck_ledger_entries");
        await db.ExecuteAsync($"UPDATE {entries} SET subject = 'vendor:someone-else' WHERE sequence = 4");
        await db.ExecuteAsync($"UPDATE {entries} SET payload = NULL WHERE sequence = 9");
        await db.ExecuteAsync($"DELETE FROM {entries} WHERE sequence = 20");
        await db.ExecuteAsync($"UPDATE {db.Table("ck_chain_heads")} SET size = 45");

        await using var context = db.CreateContext();
        var expected = await db.CreateLedger(context, _clock).VerifyAsync(Chain);
        await using var reader = await OpenAsync(db);
        var report = await reader.Ledger.VerifyAsync(Chain);

        Assert.False(report.IsValid);
        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.HeaderAltered && f.Sequence == 4);
        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.PayloadMissing && f.Sequence == 9);
        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.SequenceGap && f.Sequence == 20);
        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.HeadMismatch);
        AssertSameReport(expected, report);
    }

    private static void AssertSameReport(ChainVerificationReport expected, ChainVerificationReport actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.EntriesRead, actual.EntriesRead);
        Assert.Equal(expected.TotalFailures, actual.TotalFailures);
        Assert.Equal(expected.TreeHead, actual.TreeHead);
        Assert.Equal(expected.Findings, actual.Findings);
    }

    private static async Task<List<long>> Sequences(IAsyncEnumerable<LedgerEntry> entries)
    {
        var sequences = new List<long>();
        await foreach (var entry in entries)
        {
            sequences.Add(entry.Sequence);
        }

        return sequences;
    }

    private async Task AppendAsync(TestDatabase db, int count)
    {
        await using var context = db.CreateContext();
        var drafts = Enumerable.Range(0, count)
            .Select(i => EntryDraft.FromJson(i % 2 == 0 ? "audit.even" : "audit.odd", $"person:{i}", "lms", $$"""{"i":{{i}}}"""))
            .ToArray();
        await db.CreateLedger(context, _clock).AppendAsync(Chain, drafts);
    }

    /// <summary>A connection of its own to the database, opened without EF Core, with the engine's dialect and the suite's schema.</summary>
    private static async Task<Reader> OpenAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        var dialect = LedgerDialects.Of(context);
        var connection = (System.Data.Common.DbConnection)Activator.CreateInstance(context.Database.GetDbConnection().GetType(), db.ConnectionString)!;
        await connection.OpenAsync();
        return new Reader(connection, new ReadOnlyDatabaseLedger(connection, dialect, db.Schema));
    }

    private sealed record Reader(System.Data.Common.DbConnection Connection, IComplianceLedger Ledger) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
