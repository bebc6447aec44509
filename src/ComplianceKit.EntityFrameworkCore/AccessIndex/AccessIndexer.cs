using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// Writes the side index of a chain forward from where it stopped: in one transaction of its own, reads how far the index
/// reaches and the chain's committed size, inserts the rows of up to a given number of entries past it (read back from the
/// entries, so entries of any writer are indexed) and moves the index's head. A crash before the commit leaves the rows as
/// the tail, which lookups read from the entries. Spans it completes are merged later, a step at a time (<see cref="AccessIndexMerger"/>).
/// </summary>
internal static class AccessIndexer
{
    /// <summary>Indexes up to <paramref name="maxEntries"/> entries past the index's head; returns how many it indexed and how many the index still lags behind the chain.</summary>
    public static Task<(long Indexed, long Lag)> CatchUpAsync(DbContext context, string chainId, long maxEntries, CancellationToken cancellationToken)
    {
        var bySpan = Dialects.LedgerDialects.Of(context).WritesAccessIndexBySpan;
        return InTransactionAsync(context, chainId, async (sql, connection, tx) =>
        {
            var from = await ScalarAsync(connection, tx, sql.ReadIndexedTo, chainId, cancellationToken).ConfigureAwait(false);
            var size = await ScalarAsync(connection, tx, sql.ReadChainSize, chainId, cancellationToken).ConfigureAwait(false);
            if (size <= from)
            {
                return (0L, 0L);
            }

            var to = Math.Min(size, from + maxEntries);
            await ExecuteAsync(connection, tx, sql.InsertRange(bySpan), chainId, cancellationToken, ("@from", from), ("@to", to)).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, sql.MoveIndexedTo, chainId, cancellationToken, ("@to", to)).ConfigureAwait(false);
            return (to - from, size - to);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own that first takes the chain's index-head row, so index
    /// writes of two writers (the access log, <c>IndexAccessTrailAsync</c>) run one after the other and each reads the
    /// state the other committed; commits it when <paramref name="work"/> returns.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(DbContext context, string chainId, Func<AccessIndexSql, DbConnection, DbTransaction, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var sql = AccessIndexSql.For(context);
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // On SQLite the writing transaction's BEGIN takes the write lock, so what it reads is what it writes over.
            var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var connection = database.GetDbConnection();
            var tx = transaction.GetDbTransaction();
            await ExecuteAsync(connection, tx, sql.LockHead, chainId, cancellationToken).ConfigureAwait(false);
            var result = await work(sql, connection, tx).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    public static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string text, string chainId, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        var command = Command(connection, transaction, text, chainId);
        await using var commandScope = command.ConfigureAwait(false);
        foreach (var (name, value) in parameters)
        {
            LedgerSql.Add(command, name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A long from a one-value query; zero when it returns no row (a chain never indexed, or never written).</summary>
    public static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string text, string chainId, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, text, chainId);
        await using var commandScope = command.ConfigureAwait(false);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, string chainId)
    {
        var command = LedgerSql.Command(connection, transaction, text);
        LedgerSql.Add(command, "@chain", chainId);
        return command;
    }
}
