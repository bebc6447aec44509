using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// One read snapshot on a context: until disposed, every ledger read sees the database as of one instant, so a head and
/// the rows read after it agree (the dialect's read snapshot: PostgreSQL REPEATABLE READ, SQLite one deferred read
/// transaction). Inside the caller's open transaction, that transaction is used as it is.
/// </summary>
internal sealed class LedgerSnapshot : IAsyncDisposable
{
    private readonly DatabaseFacade _database;
    private readonly IDbContextTransaction _transaction;
    private readonly DbTransaction _snapshot;

    private LedgerSnapshot(DatabaseFacade database, IDbContextTransaction transaction, DbTransaction snapshot)
    {
        _database = database;
        _transaction = transaction;
        _snapshot = snapshot;
    }

    public static async Task<IAsyncDisposable> BeginAsync(DbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        if (database.CurrentTransaction is not null)
        {
            return Joined.Instance;
        }

        var dialect = LedgerSql.For(context).Dialect;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await dialect.BeginReadSnapshotAsync(database.GetDbConnection(), cancellationToken).ConfigureAwait(false);
            return new LedgerSnapshot(database, await database.UseTransactionAsync(snapshot, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("EF Core did not take the read snapshot's transaction."), snapshot);
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
        await _snapshot.DisposeAsync().ConfigureAwait(false);
        await _database.CloseConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>What a read inside an open transaction gets: that transaction stays as it is.</summary>
    internal sealed class Joined : IAsyncDisposable
    {
        public static readonly Joined Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
