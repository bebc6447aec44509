using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// Writes the side index of a chain forward from where it stopped: in one transaction of its own, reads how far the index
/// reaches and the chain's committed size, inserts the rows of up to a given number of entries past it (read back from the
/// entries, so entries of any writer are indexed), moves the index's head, and merges every span of 65,536 entries the step
/// completed into the span's first block. A crash before the commit leaves the rows as the tail, which lookups read from
/// the entries.
/// </summary>
internal static class AccessIndexer
{
    /// <summary>Indexes up to <paramref name="maxEntries"/> entries past the index's head; returns how many it indexed and how many the index still lags behind the chain.</summary>
    public static async Task<(long Indexed, long Lag)> CatchUpAsync(DbContext context, string chainId, long maxEntries, CancellationToken cancellationToken)
    {
        var sql = AccessIndexSql.For(context);
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // On SQLite the writing transaction's BEGIN takes the write lock, so the range read is the range written.
            var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var connection = database.GetDbConnection();
            var tx = transaction.GetDbTransaction();
            await ExecuteAsync(connection, tx, sql.LockHead, chainId, cancellationToken).ConfigureAwait(false);
            var from = await ScalarAsync(connection, tx, sql.ReadIndexedTo, chainId, cancellationToken).ConfigureAwait(false);
            var size = await ScalarAsync(connection, tx, sql.ReadChainSize, chainId, cancellationToken).ConfigureAwait(false);
            if (size <= from)
            {
                return (0, 0);
            }

            var to = Math.Min(size, from + maxEntries);
            var insert = Command(connection, tx, sql.InsertRange, chainId);
            await using (insert.ConfigureAwait(false))
            {
                LedgerSql.Add(insert, "@from", from);
                LedgerSql.Add(insert, "@to", to);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var move = Command(connection, tx, sql.MoveIndexedTo, chainId);
            await using (move.ConfigureAwait(false))
            {
                LedgerSql.Add(move, "@to", to);
                await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Every span this step completes is merged in the same transaction, so lookups and the check derive which spans
            // are merged from the index's head alone.
            for (var span = from / AccessIndexLayout.SpanSize; span < to / AccessIndexLayout.SpanSize; span++)
            {
                var first = span * AccessIndexLayout.BlocksPerSpan;
                foreach (var text in new[] { sql.MergeSpan, sql.DeleteMerged })
                {
                    await ExecuteAsync(connection, tx, text, chainId, cancellationToken, ("@first", first), ("@end", first + AccessIndexLayout.BlocksPerSpan)).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (to - from, size - to);
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string text, string chainId, CancellationToken cancellationToken,
        params (string Name, long Value)[] parameters)
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
