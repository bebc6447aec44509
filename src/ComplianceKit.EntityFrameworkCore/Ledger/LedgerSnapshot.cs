using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// One read snapshot on a context: until disposed, every ledger read sees the database as of one instant, so a head and
/// the rows read after it agree (PostgreSQL: a REPEATABLE READ transaction; SQLite: one deferred read transaction, whose
/// snapshot is taken by its first read). Inside the caller's open transaction, that transaction is used as it is.
/// </summary>
internal sealed class LedgerSnapshot : IAsyncDisposable
{
    private readonly DatabaseFacade _database;
    private readonly IDbContextTransaction _transaction;
    private readonly SqliteTransaction? _sqlite;

    private LedgerSnapshot(DatabaseFacade database, IDbContextTransaction transaction, SqliteTransaction? sqlite)
    {
        _database = database;
        _transaction = transaction;
        _sqlite = sqlite;
    }

    public static async Task<IAsyncDisposable> BeginAsync(DbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (database.CurrentTransaction is not null)
        {
            return Joined.Instance;
        }

        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LedgerSql.For(context).IsSqlite)
            {
                // Deferred: a read-only connection cannot take the write lock that BEGIN IMMEDIATE would.
                var sqlite = ((SqliteConnection)database.GetDbConnection()).BeginTransaction(deferred: true);
                return new LedgerSnapshot(database, await database.UseTransactionAsync(sqlite, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("EF Core did not take the SQLite transaction."), sqlite);
            }

            return new LedgerSnapshot(database, await database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false), null);
        }
        catch
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing was written: ending the transaction releases the snapshot.
        await _transaction.DisposeAsync().ConfigureAwait(false);
        if (_sqlite is not null)
        {
            await _sqlite.DisposeAsync().ConfigureAwait(false);
        }

        await _database.CloseConnectionAsync().ConfigureAwait(false);
    }

    private sealed class Joined : IAsyncDisposable
    {
        public static readonly Joined Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
