using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The ledger's behaviour on a real database; each store runs every test.</summary>
public abstract class LedgerStoreTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3));

    /// <summary>"sqlite" or "postgres".</summary>
    protected abstract string Provider { get; }

    [StoreFact]
    public async Task Append_OneEntry_SealsSequenceZeroAndVerifies()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        var receipt = await ledger.AppendAsync(Chain, [EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", """{"b":1, "a":[true,null]}""")]);
        var stored = await ledger.GetEntryAsync(Chain, 0);
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(0, receipt.FirstSequence);
        Assert.NotNull(stored);
        Assert.Equal("""{"a":[true,null],"b":1}"""u8.ToArray(), stored.Payload);
        Assert.Equal(new byte[32], stored.PreviousHash);
        Assert.Equal(receipt.Entries[0].EntryHash, stored.EntryHash);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(receipt.TreeHead, report.TreeHead);
    }

    [StoreFact]
    public async Task Append_Batches_AreContiguousLinkedAndMatchTheTreeHead()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        for (var batch = 0; batch < 5; batch++)
        {
            await ledger.AppendAsync(Chain, Drafts(37, $"b{batch}"));
        }

        var entries = await ledger.ReadAsync(Chain).ToListAsync();
        var head = await ledger.GetTreeHeadAsync(Chain);
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(Enumerable.Range(0, 185).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.EntryHash, pair.First.PreviousHash));
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(head, report.TreeHead);
    }

    [StoreFact]
    public async Task Append_InsideHostTransactionThatRollsBack_LeavesNeitherBusinessRowNorEntry()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
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

    [StoreFact]
    public async Task Append_InsideHostTransactionThatCommits_KeepsBoth()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
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

    [StoreFact]
    public async Task Append_BatchWithOneInvalidPayload_WritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var drafts = Drafts(4, "x").Append(EntryDraft.FromJson("test.write", "s", "a", "{not json")).ToArray();

        var error = await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, drafts));

        Assert.Contains("not acceptable JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ledger.GetChainIdsAsync());
    }

    [StoreFact]
    public async Task Append_PayloadWithPhi_IsRefusedUnlessTheHostOptsIn()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var strict = db.CreateLedger(context, _clock);
        var permissive = db.CreateLedger(context, _clock, new ComplianceKitOptions { AllowPhiInPayloads = true });
        var draft = EntryDraft.FromJson("access.viewed", "record:1", "nurse:lee", """{"patient":{"ssn":"123-45-6789"}}""");

        await Assert.ThrowsAsync<LedgerValidationException>(() => strict.AppendAsync(Chain, [draft]));
        var receipt = await permissive.AppendAsync(Chain, [draft]);

        Assert.Equal(0, receipt.FirstSequence);
    }

    [StoreFact]
    public async Task Append_ClockStepsBackwards_RecordedAtNeverDecreases()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0));
        var ledger = db.CreateLedger(context, clock);
        await ledger.AppendAsync(Chain, Drafts(1, "a"));

        clock.AdvanceMinutes(-30);
        var receipt = await ledger.AppendAsync(Chain, Drafts(1, "b"));

        Assert.Equal(Instant.FromUtc(2026, 3, 1, 9, 0), receipt.Entries[0].RecordedAt);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [StoreFact]
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

    [StoreFact]
    public async Task Verify_SubjectChanged_ReportsHeaderAlteredAtThatEntryOnly()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET subject = 'vendor:someone-else' WHERE sequence = 4");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.HeaderAltered, report.Status);
        Assert.Equal(4, Assert.Single(report.Failures).Sequence);
    }

    [StoreFact]
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

    [StoreFact]
    public async Task Verify_EntryDeletedFromTheMiddle_ReportsSequenceGap()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_ledger_entries")} WHERE sequence = 3");
        var report = await VerifyAsync(db);

        Assert.Contains(report.Failures, f => f.Status == VerificationStatus.SequenceGap && f.Sequence == 3);
        Assert.False(report.IsValid);
    }

    [StoreFact]
    public async Task Verify_TailDeleted_ReportsHeadMismatch()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_ledger_entries")} WHERE sequence >= 8");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.HeadMismatch, report.Status);
        Assert.Equal(8, report.FirstFailure!.Sequence);
    }

    [StoreFact]
    public async Task Verify_PayloadRemovedWithoutPurge_ReportsPayloadMissing()
    {
        await using var db = await NewDatabaseWithEntriesAsync(10);

        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = NULL, payload_salt = NULL WHERE sequence = 2");
        var report = await VerifyAsync(db);

        Assert.Equal(VerificationStatus.PayloadMissing, report.Status);
        Assert.Equal(2, report.FirstFailure!.Sequence);
    }

    [StoreFact]
    public async Task Proofs_FromStoredLevels_MatchAnInMemoryTreeAndVerify()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var heads = new List<MerkleTreeHead>();
        foreach (var size in new[] { 1, 2, 5, 16, 17, 40, 100, 63, 1 })
        {
            heads.Add((await ledger.AppendAsync(Chain, Drafts(size, $"s{size}"))).TreeHead);
        }

        var tree = new InMemoryMerkleTree();
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            tree.Append(MerkleHasher.HashLeaf(entry.EntryHash));
        }

        foreach (var head in heads)
        {
            Assert.Equal(head, await ledger.GetTreeHeadAsync(Chain, head.Size));
            foreach (var index in new[] { 0, head.Size / 2, head.Size - 1 })
            {
                var proof = await ledger.GetInclusionProofAsync(Chain, index, head.Size);
                var expected = await MerkleProofBuilder.BuildInclusionAsync(tree, index, head.Size, CancellationToken.None);
                Assert.Equal(expected.Path, proof.Path);
                Assert.True(MerkleProofVerifier.VerifyInclusion(await tree.GetPerfectSubtreeHashAsync(0, index, CancellationToken.None), proof, head.Root).IsValid);
            }

            var last = heads[^1];
            var consistency = await ledger.GetConsistencyProofAsync(Chain, head.Size, last.Size);
            Assert.True(MerkleProofVerifier.VerifyConsistency(consistency, head.Root, last.Root).IsValid);
        }
    }

    /// <summary>Drafts with distinct payloads.</summary>
    protected static EntryDraft[] Drafts(int count, string tag) =>
        Enumerable.Range(0, count)
            .Select(i => EntryDraft.FromJson("training.completed", $"person:{tag}-{i}", "lms", $$"""{"course":"hipaa-101","tag":"{{tag}}","i":{{i}}}"""))
            .ToArray();

    private async Task<TestDatabase> NewDatabaseWithEntriesAsync(int count)
    {
        var db = await TestDatabase.CreateAsync(Provider);
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

/// <summary>The ledger on an embedded SQLite file.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreTests
{
    /// <inheritdoc />
    protected override string Provider => "sqlite";

    [Fact]
    public async Task Append_KeepsItsStatementsPrepared_WithoutHoldingASnapshotThatBlocksCheckpoints()
    {
        // The append path keeps its statements prepared per connection; one left mid-read would pin a
        // WAL snapshot, and a full checkpoint (and the log's truncation) would wait for ever.
        await using var db = await TestDatabase.CreateAsync(Provider);
        var (context, ledger) = await OpenLedgerAsync(db);
        await using var contextScope = context;
        await ledger.AppendAsync("clinic-1", Drafts(3, "a"));
        await ledger.AppendAsync("clinic-1", Drafts(3, "b"));

        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
        await other.OpenAsync();
        await using var checkpoint = other.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal(0L, result.GetInt64(0)); // 1 would mean a reader blocked it
    }

    [Fact]
    public async Task Append_ThenConnectionCloses_LeavesNoStatementPreparedOnTheHandle()
    {
        // SQLite cannot close a handle (nor, on Windows, release the file) while statements live on it.
        await using var db = await TestDatabase.CreateAsync(Provider);
        var (context, ledger) = await OpenLedgerAsync(db);
        await using var contextScope = context;
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)context.Database.GetDbConnection()).Handle!;
        handle.enable_sqlite3_next_stmt(true);
        await ledger.AppendAsync("clinic-1", Drafts(2, "a"));
        Assert.NotNull(SQLitePCL.raw.sqlite3_next_stmt(handle, null)); // kept while the connection is open

        await context.Database.CloseConnectionAsync();

        Assert.Null(SQLitePCL.raw.sqlite3_next_stmt(handle, null));
    }

    [Fact]
    public async Task Append_AfterTheConnectionReopensOnAnotherHandle_PreparesItsStatementsAgain()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        var (context, ledger) = await OpenLedgerAsync(db);
        await using var contextScope = context;
        await ledger.AppendAsync("clinic-1", Drafts(2, "a"));
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)context.Database.GetDbConnection();
        var firstHandle = connection.Handle;
        await context.Database.CloseConnectionAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection); // the next open gets a new handle

        await context.Database.OpenConnectionAsync();
        await ledger.AppendAsync("clinic-1", Drafts(2, "b"));
        var report = await ledger.VerifyAsync("clinic-1");

        Assert.NotSame(firstHandle, connection.Handle);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(4, report.EntriesRead);
    }

    /// <summary>A host context with its connection held open (as a long-lived writer's is), and a ledger over it.</summary>
    private static async Task<(HostDbContext Context, EntityFrameworkLedger<HostDbContext> Ledger)> OpenLedgerAsync(TestDatabase db)
    {
        var context = db.CreateContext();
        await context.Database.OpenConnectionAsync();
        return (context, db.CreateLedger(context, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3))));
    }
}

/// <summary>The ledger on a real PostgreSQL server.</summary>
public sealed class PostgresLedgerStoreTests : LedgerStoreTests, IPostgresTests
{
    /// <inheritdoc />
    protected override string Provider => "postgres";
}
