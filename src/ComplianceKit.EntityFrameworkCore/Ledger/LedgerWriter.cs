using System.Data.Common;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// Appends prepared entries under the chain's lock (<see cref="LedgerSql.LockHead"/>): one round trip takes it and reads the
/// head, then multi-row inserts write entries and Merkle nodes, and the head moves. Joins the
/// context's open transaction, or commits its own.
/// </summary>
internal static class LedgerWriter
{
    public static async Task<AppendReceipt> AppendAsync(DbContext context, string chainId, IReadOnlyList<PreparedEntry> prepared,
        IClock clock, CancellationToken cancellationToken)
    {
        var sql = LedgerSql.For(context);
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var joined = database.CurrentTransaction;
            var transaction = joined ?? await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var connection = database.GetDbConnection();
                var dbTransaction = transaction.GetDbTransaction();
                var state = await LockHeadAsync(sql, connection, dbTransaction, chainId, cancellationToken).ConfigureAwait(false);
                var nodes = new List<MerkleNode>();
                var entries = ChainLinker.Link(state, prepared, clock.GetCurrentInstant(), nodes);
                var root = state.Frontier.ComputeRoot();
                await InsertEntriesAsync(sql, connection, dbTransaction, entries, cancellationToken).ConfigureAwait(false);
                await InsertNodesAsync(sql, connection, dbTransaction, chainId, nodes, cancellationToken).ConfigureAwait(false);
                await UpdateHeadAsync(sql, connection, dbTransaction, state, root, cancellationToken).ConfigureAwait(false);
                if (joined is null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return new AppendReceipt(chainId, entries, new MerkleTreeHead(state.Size, root));
            }
            finally
            {
                if (joined is null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
                }
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ChainState> LockHeadAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        string chainId, CancellationToken cancellationToken)
    {
        // One round trip for every append but a chain's first.
        if (await TryLockHeadAsync(sql, connection, transaction, chainId, cancellationToken).ConfigureAwait(false) is { } state)
        {
            return state;
        }

        var create = LedgerSql.Command(connection, transaction, sql.CreateHead);
        await using (create.ConfigureAwait(false))
        {
            LedgerSql.Add(create, "@chain", chainId);
            AddEmptyHead(create);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await TryLockHeadAsync(sql, connection, transaction, chainId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The head row of chain '{chainId}' could not be locked.");
    }

    private static async Task<ChainState?> TryLockHeadAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        string chainId, CancellationToken cancellationToken)
    {
        var command = LedgerSql.Command(connection, transaction, sql.LockHead);
        await using var commandScope = command.ConfigureAwait(false);
        LedgerSql.Add(command, "@chain", chainId);
        if (sql.IsSqlite)
        {
            AddEmptyHead(command); // SQLite's lock statement creates a missing head itself
        }

        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (sql.HeadLockPrefix.Length > 0)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // the advisory lock's (void) row
        }

        while (!reader.HasRows && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            // SQLite: the INSERT returns no rows; the SELECT does.
        }

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var size = reader.GetInt64(0);
        var lastHash = LedgerSql.Bytes(reader, 1);
        Instant? lastRecordedAt = reader.IsDBNull(2) ? null : InstantCodec.FromUnixMicroseconds(reader.GetInt64(2));
        var frontier = LedgerSql.Bytes(reader, 3);
        if (lastHash.Length != Sha256Digest.Size)
        {
            throw new InvalidDataException($"The head row of chain '{chainId}' holds a last entry hash of {lastHash.Length} bytes; it was altered outside the library.");
        }

        return new ChainState(chainId, size, lastHash, lastRecordedAt, CompactRange.Deserialize(size, frontier));
    }

    private static void AddEmptyHead(DbCommand command)
    {
        LedgerSql.Add(command, "@zero", EntryEncoding.GenesisPreviousHash.ToArray());
        LedgerSql.Add(command, "@empty", Array.Empty<byte>());
        LedgerSql.Add(command, "@emptyRoot", MerkleHasher.EmptyRoot.ToArray());
    }

    private static Task InsertEntriesAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        List<LedgerEntry> entries, CancellationToken cancellationToken) =>
        InsertRowsAsync(connection, transaction, entries, sql.RowsPerInsert, sql.InsertEntries, LedgerSql.SetEntryValues, cancellationToken);

    private static Task InsertNodesAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        string chainId, List<MerkleNode> nodes, CancellationToken cancellationToken) =>
        InsertRowsAsync(connection, transaction, nodes, sql.RowsPerInsert, sql.InsertNodes,
            (command, row, node) => LedgerSql.SetNodeValues(command, row, chainId, node), cancellationToken);

    /// <summary>Inserts rows in statements of up to <paramref name="rowsPerStatement"/> rows, preparing each statement shape once.</summary>
    private static async Task InsertRowsAsync<T>(DbConnection connection, DbTransaction transaction, List<T> rows, int rowsPerStatement,
        Func<int, string> sqlFor, Action<DbCommand, int, T> setValues, CancellationToken cancellationToken)
    {
        DbCommand? command = null;
        var shape = 0;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                if (count != shape)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync().ConfigureAwait(false);
                    }

                    command = LedgerSql.Command(connection, transaction, sqlFor(count));
                    shape = count;
                }

                for (var row = 0; row < count; row++)
                {
                    setValues(command!, row, rows[start + row]);
                }

                await command!.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task UpdateHeadAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        ChainState state, byte[] root, CancellationToken cancellationToken)
    {
        var command = LedgerSql.Command(connection, transaction, sql.UpdateHead);
        await using var commandScope = command.ConfigureAwait(false);
        LedgerSql.Add(command, "@size", state.Size);
        LedgerSql.Add(command, "@last", state.LastEntryHash);
        LedgerSql.Add(command, "@recorded", state.LastRecordedAt is { } at ? InstantCodec.ToUnixMicroseconds(at) : null);
        LedgerSql.Add(command, "@frontier", state.Frontier.Serialize());
        LedgerSql.Add(command, "@root", root);
        LedgerSql.Add(command, "@chain", state.ChainId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
