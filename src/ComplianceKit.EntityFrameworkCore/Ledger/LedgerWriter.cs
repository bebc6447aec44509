using System.Data.Common;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// Appends prepared entries under the chain's row lock: one round trip takes the lock and reads the
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
                    // Cancellation stops an append before COMMIT (nothing written), never halfway through it,
                    // so a cancelled append is known not to be committed.
                    cancellationToken.ThrowIfCancellationRequested();
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
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
        var command = LedgerSql.Command(connection, transaction, sql.LockHead);
        await using var commandScope = command.ConfigureAwait(false);
        LedgerSql.Add(command, "@chain", chainId);
        LedgerSql.Add(command, "@zero", EntryEncoding.GenesisPreviousHash.ToArray());
        LedgerSql.Add(command, "@empty", Array.Empty<byte>());
        LedgerSql.Add(command, "@emptyRoot", MerkleHasher.EmptyRoot.ToArray());
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (!reader.HasRows && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            // The INSERT returns no rows; the UPDATE ... RETURNING does.
        }

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The head row of chain '{chainId}' could not be locked.");
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

    private static async Task InsertEntriesAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        List<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        for (var start = 0; start < entries.Count; start += LedgerSql.RowsPerInsert)
        {
            var rows = Math.Min(LedgerSql.RowsPerInsert, entries.Count - start);
            var command = LedgerSql.Command(connection, transaction, sql.InsertEntries(rows));
            await using var commandScope = command.ConfigureAwait(false);
            for (var row = 0; row < rows; row++)
            {
                LedgerSql.AddEntryValues(command, row, entries[start + row]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InsertNodesAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        string chainId, List<MerkleNode> nodes, CancellationToken cancellationToken)
    {
        for (var start = 0; start < nodes.Count; start += LedgerSql.RowsPerInsert)
        {
            var rows = Math.Min(LedgerSql.RowsPerInsert, nodes.Count - start);
            var command = LedgerSql.Command(connection, transaction, sql.InsertNodes(rows));
            await using var commandScope = command.ConfigureAwait(false);
            for (var row = 0; row < rows; row++)
            {
                var node = nodes[start + row];
                var p = row * 4;
                LedgerSql.Add(command, "@p" + p, chainId);
                LedgerSql.Add(command, "@p" + (p + 1), node.Level);
                LedgerSql.Add(command, "@p" + (p + 2), node.Index);
                LedgerSql.Add(command, "@p" + (p + 3), node.Hash);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
