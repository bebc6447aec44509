using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// Where the ledger's reads run: the connection, the transaction they join and the shared SQL. A host's context gives
/// them through EF Core (<see cref="Of(DbContext)"/>); a verification tool gives an open connection and the dialect
/// (<see cref="ReadOnlyDatabaseLedger"/>), so it reads the same rows the same way without building an EF model.
/// </summary>
internal abstract class LedgerSession
{
    public abstract LedgerSql Sql { get; }

    public abstract DbConnection Connection { get; }

    /// <summary>The transaction every read joins (the read snapshot, or the caller's own), if any.</summary>
    public abstract DbTransaction? Transaction { get; }

    public static LedgerSession Of(DbContext context) => new ContextSession(context);

    /// <summary>Opens the connection for one read (counted: the outermost close closes it).</summary>
    public abstract Task OpenAsync(CancellationToken cancellationToken);

    public abstract Task CloseAsync();

    /// <summary>A read snapshot (<see cref="ComplianceKit.Ledger.IComplianceLedger.BeginReadSnapshotAsync"/>); inside one already open, that one is joined.</summary>
    public abstract Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken);

    public DbCommand Command(string sql) => LedgerSql.Command(Connection, Transaction, sql);

    private sealed class ContextSession(DbContext context) : LedgerSession
    {
        public override LedgerSql Sql => LedgerSql.For(context);

        public override DbConnection Connection => context.Database.GetDbConnection();

        public override DbTransaction? Transaction => context.Database.CurrentTransaction?.GetDbTransaction();

        public override Task OpenAsync(CancellationToken cancellationToken) => context.Database.OpenConnectionAsync(cancellationToken);

        public override Task CloseAsync() => context.Database.CloseConnectionAsync();

        public override Task<IAsyncDisposable> BeginSnapshotAsync(CancellationToken cancellationToken) => LedgerSnapshot.BeginAsync(context, cancellationToken);
    }
}
