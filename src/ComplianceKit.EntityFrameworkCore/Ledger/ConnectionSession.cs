using System.Data;
using System.Data.Common;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The ledger's reads on a connection the caller opened and keeps open (<see cref="ReadOnlyDatabaseLedger"/>): no EF Core
/// context, so no model is built; the read snapshot is the dialect's own, begun on that connection.
/// </summary>
internal sealed class ConnectionSession(DbConnection connection, LedgerSql sql) : LedgerSession
{
    private DbTransaction? _snapshot;

    public override LedgerSql Sql => sql;

    public override DbConnection Connection => connection;

    public override DbTransaction? Transaction => _snapshot;

    public override Task OpenAsync(CancellationToken cancellationToken) => connection.State == ConnectionState.Open
        ? Task.CompletedTask
        : throw new InvalidOperationException("The ledger's connection is not open: open it before reading, and keep it open while the ledger is used.");

    public override Task CloseAsync() => Task.CompletedTask;

    public override async Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is not null)
        {
            return LedgerSnapshot.Joined.Instance;
        }

        await OpenAsync(cancellationToken).ConfigureAwait(false);
        _snapshot = await sql.Dialect.BeginReadSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        return new Snapshot(this);
    }

    private sealed class Snapshot(ConnectionSession session) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Nothing was written: ending the transaction releases the snapshot.
            var snapshot = session._snapshot;
            session._snapshot = null;
            if (snapshot is not null)
            {
                await snapshot.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
