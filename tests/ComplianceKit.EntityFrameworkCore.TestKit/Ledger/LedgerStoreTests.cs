using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Ledger;

/// <summary>
/// The EF store's own behaviour on a real database (host transactions, rows altered outside the library); each store runs
/// every test. What every ledger guarantees is in the ledger contract (ComplianceKit.Ledger.Specification, run here by <see cref="SqliteLedgerContractTests"/> and <see cref="PostgresLedgerContractTests"/>).
/// </summary>
public abstract class LedgerStoreTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Append_InsideHostTransactionThatRollsBack_LeavesNeitherBusinessRowNorEntry()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(Chain, Drafts(3, "before"));

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            context.Releases.Add(new Release { Name = "2.4.0" });
            await context.SaveChangesAsync();
            await ledger.AppendAsync(Chain, [EntryDraft.FromJson("release.created", "release:2.4.0", "dev:ana", "{}")]);
            await transaction.RollbackAsync();
        }

        context.ChangeTracker.Clear();
        Assert.Equal(0, await context.Releases.CountAsync());
        Assert.Equal(3, (await ledger.GetTreeHeadAsync(Chain)).Size);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [LedgerFact]
    public async Task Append_InsideHostTransactionThatCommits_KeepsBoth()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            context.Releases.Add(new Release { Name = "2.4.0" });
            await context.SaveChangesAsync();
            await ledger.AppendAsync(Chain, [EntryDraft.FromJson("release.created", "release:2.4.0", "dev:ana", "{}")]);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await context.Releases.CountAsync());
        Assert.Equal("release.created", (await ledger.GetEntryAsync(Chain, 0))!.EntryType);
    }

    [LedgerFact]
    public async Task Verify_PayloadByteFlipped_NamesTheEntry()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);
        var original = await ReadPayloadAsync(db, 7);
        original[3] ^= 0x01;

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = {{0}} WHERE sequence = 7", original);
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.PayloadAltered, report.Status);
        Assert.Equal(7, report.FirstFailure!.Sequence);
        Assert.Single(report.Failures);
    }

    [LedgerFact]
    public async Task Verify_SubjectChanged_ReportsHeaderAlteredAtThatEntryOnly()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET subject = 'vendor:someone-else' WHERE sequence = 4");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.HeaderAltered, report.Status);
        Assert.Equal(4, Assert.Single(report.Failures).Sequence);
    }

    [LedgerFact]
    public async Task Verify_EntryRewrittenWithFreshHash_ReportsLinkBrokenAtItsSuccessor()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);
        LedgerEntry entry;
        await using (var context = db.CreateContext())
        {
            entry = (await db.CreateLedger(context, _clock).GetEntryAsync(Chain, 5))!;
        }

        var forged = EntryEncoding.ComputeEntryHash(entry.ChainId, 5, entry.EntryType, "vendor:forged", entry.Actor,
            entry.OccurredAt, entry.RecordedAt, entry.PreviousHash, entry.PayloadDigest);
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET subject = 'vendor:forged', entry_hash = {{0}} WHERE sequence = 5", forged);
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.LinkBroken, report.Status);
        Assert.Equal(6, report.FirstFailure!.Sequence);
    }

    [LedgerFact]
    public async Task Verify_EntryDeletedFromTheMiddle_ReportsSequenceGap()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_ledger_entries")} WHERE sequence = 3");
        var report = await VerifyAsync(db);

        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.SequenceGap && f.Sequence == 3);
        Assert.False(report.IsValid);
    }

    [LedgerFact]
    public async Task Verify_TailDeleted_ReportsHeadMismatch()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_ledger_entries")} WHERE sequence >= 8");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.HeadMismatch, report.Status);
        Assert.Equal(8, report.FirstFailure!.Sequence);
    }

    [LedgerFact]
    public async Task Verify_PayloadRemovedWithoutPurge_ReportsPayloadMissing()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = NULL, payload_salt = NULL WHERE sequence = 2");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.PayloadMissing, report.Status);
        Assert.Equal(2, report.FirstFailure!.Sequence);
    }

    /// <summary>Drafts with distinct payloads.</summary>
    protected static EntryDraft[] Drafts(int count, string tag) =>
        Enumerable.Range(0, count)
            .Select(i => EntryDraft.FromJson("training.completed", $"person:{tag}-{i}", "lms", $$"""{"course":"hipaa-101","tag":"{{tag}}","i":{{i}}}"""))
            .ToArray();

    private async Task<TestDatabase> NewDatabaseWithEntriesAsync(int count)
    {
        var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        await db.CreateLedger(context, _clock).AppendAsync(Chain, Drafts(count, "t"));
        return db;
    }

    private async Task<ChainVerificationReport> VerifyAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        return await db.CreateLedger(context, _clock).VerifyAsync(Chain);
    }

    private async Task<byte[]> ReadPayloadAsync(TestDatabase db, long sequence)
    {
        await using var context = db.CreateContext();
        return (await db.CreateLedger(context, _clock).GetEntryAsync(Chain, sequence))!.Payload!;
    }
}
