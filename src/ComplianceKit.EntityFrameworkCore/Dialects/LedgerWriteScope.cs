using System.Data.Common;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>The open connection and transaction a ledger write runs in, with the ledger's table names.</summary>
/// <param name="Connection">The context's open connection.</param>
/// <param name="Transaction">The transaction: the host's, which the write joined, or one the ledger began.</param>
/// <param name="Tables">The ledger's table names as the host's model gives them.</param>
/// <param name="LedgerBeganTransaction">
/// Whether the ledger began <paramref name="Transaction"/> itself (with the engine's default for a writing
/// transaction, so on SQLite it holds the write lock from <c>BEGIN</c>); <see langword="false"/> when it joined the host's.
/// </param>
public sealed record LedgerWriteScope(DbConnection Connection, DbTransaction Transaction, LedgerTables Tables, bool LedgerBeganTransaction)
{
    /// <summary>A command on the scope's connection and transaction.</summary>
    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        return command;
    }
}
