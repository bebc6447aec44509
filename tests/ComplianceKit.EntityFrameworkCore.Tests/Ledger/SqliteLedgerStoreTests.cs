using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The ledger on an embedded SQLite file.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;

    [Fact]
    public async Task Append_KeepsItsStatementsPrepared_WithoutHoldingASnapshotThatBlocksCheckpoints()
    {
        // The append path keeps its statements prepared per connection; one left mid-read would pin a
        // WAL snapshot, and a full checkpoint (and the log's truncation) would wait for ever.
        await using var db = await TestDatabase.CreateAsync(Engine);
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
        await using var db = await TestDatabase.CreateAsync(Engine);
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
        await using var db = await TestDatabase.CreateAsync(Engine);
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

    [Fact]
    public async Task ReadEntriesPage_OwnReader_GivesWhatTheDataReaderGives_ForPurgedEmptyAndNulledColumns()
    {
        // Verification reads every row through the dialect's own statement; a damaged row must read as it always did.
        await using var db = await TestDatabase.CreateAsync(Engine);
        var (context, ledger) = await OpenLedgerAsync(db);
        await using var contextScope = context;
        await ledger.AppendAsync("clinic-1", Drafts(6, "a"));
        await ledger.AppendAsync("clinic-2", Drafts(2, "b"));
        await db.ExecuteAsync("UPDATE ck_ledger_entries SET payload = NULL, payload_salt = NULL WHERE chain_id = 'clinic-1' AND sequence = 1");
        await db.ExecuteAsync("UPDATE ck_ledger_entries SET payload = X'', previous_hash = X'' WHERE chain_id = 'clinic-1' AND sequence = 2");
        await db.ExecuteAsync("UPDATE ck_ledger_entries SET entry_hash = X'' WHERE chain_id = 'clinic-1' AND sequence = 3");
        const string sql = $"SELECT {LedgerColumns.Entry} FROM ck_ledger_entries WHERE chain_id = @chain AND sequence >= @from ORDER BY sequence LIMIT @limit";
        var connection = context.Database.GetDbConnection();

        var own = new List<LedgerEntry>();
        var read = SqliteLedgerDialect.Instance.TryReadEntriesPage(connection, sql, "clinic-1", from: 1, limit: 4, own);
        var expected = new List<LedgerEntry>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@chain", "clinic-1"));
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@from", 1L));
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@limit", 4L));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                expected.Add(LedgerColumns.ReadEntry(reader));
            }
        }

        Assert.True(read);
        Assert.Equal([1L, 2L, 3L, 4L], own.Select(e => e.Sequence));
        Assert.Equal(expected.Select(Describe), own.Select(Describe));
        Assert.Null(own[0].Payload);
        Assert.Null(own[0].PayloadSalt);
        Assert.Empty(own[1].Payload!);
        Assert.Empty(own[1].PreviousHash);
        Assert.Empty(own[2].EntryHash);
    }

    /// <summary>Every column of <paramref name="entry"/>, NULL told apart from empty.</summary>
    private static string Describe(LedgerEntry entry) =>
        string.Join("|", entry.ChainId, entry.Sequence, entry.EntryType, entry.Subject, entry.Actor, entry.OccurredAt, entry.RecordedAt,
            Hex(entry.Payload), Hex(entry.PayloadSalt), Hex(entry.PayloadDigest), Hex(entry.PreviousHash), Hex(entry.EntryHash));

    private static string Hex(byte[]? bytes) => bytes is null ? "NULL" : "x" + Convert.ToHexString(bytes);

    /// <summary>A host context with its connection held open (as a long-lived writer's is), and a ledger over it.</summary>
    private static async Task<(HostDbContext Context, EntityFrameworkLedger<HostDbContext> Ledger)> OpenLedgerAsync(TestDatabase db)
    {
        var context = db.CreateContext();
        await context.Database.OpenConnectionAsync();
        return (context, db.CreateLedger(context, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3))));
    }
}
