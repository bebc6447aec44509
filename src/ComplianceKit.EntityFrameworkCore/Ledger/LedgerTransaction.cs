using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The one join-or-begin of the store: a write joins the context's open transaction (so a business change and its audit
/// entry commit together), or begins its own, which only it commits. Opens the connection for its life.
/// </summary>
internal sealed class LedgerTransaction : IAsyncDisposable
{
    private readonly DatabaseFacade _database;
    private readonly IDbContextTransaction _transaction;

    private LedgerTransaction(DatabaseFacade database, IDbContextTransaction transaction, bool began)
    {
        _database = database;
        _transaction = transaction;
        Began = began;
    }

    /// <summary>Whether this write began the transaction (and so commits it); <see langword="false"/> when it joined the host's.</summary>
    public bool Began { get; }

    public DbConnection Connection => _database.GetDbConnection();

    public DbTransaction Transaction => _transaction.GetDbTransaction();

    /// <summary>Joins the context's open transaction, or begins one.</summary>
    public static async Task<LedgerTransaction> JoinOrBeginAsync(DbContext context, CancellationToken cancellationToken)
    {
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var joined = database.CurrentTransaction;
            return joined is not null
                ? new LedgerTransaction(database, joined, began: false)
                : new LedgerTransaction(database, await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false), began: true);
        }
        catch
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Commits a transaction this write began; a joined one is the host's to commit.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (Began)
        {
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back a transaction this write began unless committed; closes the connection it opened.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Began)
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
