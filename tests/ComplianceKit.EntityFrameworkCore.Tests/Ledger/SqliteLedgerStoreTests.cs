using ComplianceKit.EntityFrameworkCore.Ledger;
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

    /// <summary>A host context with its connection held open (as a long-lived writer's is), and a ledger over it.</summary>
    private static async Task<(HostDbContext Context, EntityFrameworkLedger<HostDbContext> Ledger)> OpenLedgerAsync(TestDatabase db)
    {
        var context = db.CreateContext();
        await context.Database.OpenConnectionAsync();
        return (context, db.CreateLedger(context, new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3))));
    }
}
