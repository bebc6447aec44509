using System.Data;
using System.Data.Common;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.Data.Sqlite;
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
        IClock clock, CancellationToken cancellationToken) =>
        (await AppendReturningHeadAsync(context, chainId, prepared, clock, cancellationToken).ConfigureAwait(false)).Receipt;

    /// <summary><see cref="AppendAsync"/>, also returning the chain's head as the append left it (valid once committed).</summary>
    public static async Task<(AppendReceipt Receipt, ChainState Head)> AppendReturningHeadAsync(DbContext context, string chainId,
        IReadOnlyList<PreparedEntry> prepared, IClock clock, CancellationToken cancellationToken)
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
                // A transaction this append began holds SQLite's write lock from BEGIN, so the head is read directly;
                // a host's transaction may not hold it yet, and the lock statement through SqliteCommand waits for it.
                var state = sql.IsSqlite && joined is null
                    ? LockHeadInOwnTransaction(sql, (SqliteConnection)connection, chainId)
                    : await LockHeadAsync(sql, connection, dbTransaction, chainId, cancellationToken).ConfigureAwait(false);
                var nodes = new List<MerkleNode>();
                var entries = ChainLinker.Link(state, prepared, clock.GetCurrentInstant(), nodes);
                var root = state.ComputeRoot();
                if (sql.IsSqlite)
                {
                    InsertEntries(sql, connection, entries, cancellationToken);
                    InsertNodes(sql, connection, chainId, nodes);
                    UpdateHead(sql, (SqliteConnection)connection, state, root);
                }
                else
                {
                    await WriteBatchAsync(sql, connection, dbTransaction, state, entries, nodes, root, cancellationToken).ConfigureAwait(false);
                }

                if (joined is null)
                {
                    // Cancellation stops an append before COMMIT (nothing written), never halfway through it,
                    // so a cancelled append is known not to be committed.
                    cancellationToken.ThrowIfCancellationRequested();
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return (new AppendReceipt(chainId, entries, new MerkleTreeHead(state.Size, root)), state);
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

        Instant? lastRecordedAt = reader.IsDBNull(2) ? null : EntryEncoding.FromUnixMicroseconds(reader.GetInt64(2));
        return Head(chainId, reader.GetInt64(0), LedgerSql.Bytes(reader, 1), lastRecordedAt, LedgerSql.Bytes(reader, 3));
    }

    private static ChainState Head(string chainId, long size, byte[] lastHash, Instant? lastRecordedAt, byte[] frontier)
    {
        if (lastHash.Length != Sha256Digest.Size)
        {
            throw new InvalidDataException($"The head row of chain '{chainId}' holds a last entry hash of {lastHash.Length} bytes; it was altered outside the library.");
        }

        return ChainState.FromStored(chainId, size, lastHash, lastRecordedAt, frontier);
    }

    private static void AddEmptyHead(DbCommand command)
    {
        LedgerSql.Add(command, "@zero", EntryEncoding.GenesisPreviousHash.ToArray());
        LedgerSql.Add(command, "@empty", Array.Empty<byte>());
        LedgerSql.Add(command, "@emptyRoot", MerkleHasher.EmptyRoot.ToArray());
    }

    /// <summary>SQLite: one single-row INSERT prepared once and run per entry (in-process, a statement costs no round trip).</summary>
    private static void InsertEntries(LedgerSql sql, DbConnection connection, List<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        using var insert = SqliteStatement.For((SqliteConnection)connection, sql.InsertEntry);
        for (var i = 0; i < entries.Count; i++)
        {
            if ((i & 255) == 255)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var e = entries[i];
            insert.Text(1, e.ChainId);
            insert.Integer(2, e.Sequence);
            insert.Text(3, e.EntryType);
            insert.Text(4, e.Subject);
            insert.Text(5, e.Actor);
            insert.Integer(6, EntryEncoding.ToUnixMicroseconds(e.OccurredAt));
            insert.Integer(7, EntryEncoding.ToUnixMicroseconds(e.RecordedAt));
            insert.Blob(8, e.Payload);
            insert.Blob(9, e.PayloadSalt);
            insert.Blob(10, e.PayloadDigest);
            insert.Blob(11, e.PreviousHash);
            insert.Blob(12, e.EntryHash);
            insert.Execute();
        }
    }

    private static void InsertNodes(LedgerSql sql, DbConnection connection, string chainId, List<MerkleNode> nodes)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        using var insert = SqliteStatement.For((SqliteConnection)connection, sql.InsertNode);
        foreach (var node in nodes)
        {
            insert.Text(1, chainId);
            insert.Integer(2, node.Level);
            insert.Integer(3, node.Index);
            insert.Blob(4, node.Hash);
            insert.Execute();
        }
    }

    /// <summary>
    /// PostgreSQL: entries, completed Merkle nodes and the new head in one round trip. Entries and
    /// nodes travel as one array per column, so the statements' text and plans do not depend on the
    /// batch size (and can be auto-prepared).
    /// </summary>
    private static async Task WriteBatchAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction, ChainState state,
        List<LedgerEntry> entries, List<MerkleNode> nodes, byte[] root, CancellationToken cancellationToken)
    {
        var batch = connection.CreateBatch();
        await using var batchScope = batch.ConfigureAwait(false);
        batch.Transaction = transaction;
        LedgerSql.AddToBatch(batch, sql.InsertEntriesFromArrays, [state.ChainId, .. EntryArrays(entries)]);
        if (nodes.Count > 0)
        {
            LedgerSql.AddToBatch(batch, sql.InsertNodesFromArrays, LedgerSql.NodeArrays(state.ChainId, nodes));
        }

        LedgerSql.AddToBatch(batch, sql.UpdateHeadPositional, LedgerSql.HeadValues(state, root));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The entries as one array per column after the chain id, in <see cref="LedgerSql.EntryColumns"/> order (PostgreSQL).</summary>
    public static object?[] EntryArrays(List<LedgerEntry> entries)
    {
        var count = entries.Count;
        var sequences = new long[count];
        var types = new string[count];
        var subjects = new string[count];
        var actors = new string[count];
        var occurred = new long[count];
        var recorded = new long[count];
        var payloads = new byte[]?[count];
        var salts = new byte[]?[count];
        var digests = new byte[count][];
        var previous = new byte[count][];
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var e = entries[i];
            sequences[i] = e.Sequence;
            types[i] = e.EntryType;
            subjects[i] = e.Subject;
            actors[i] = e.Actor;
            occurred[i] = EntryEncoding.ToUnixMicroseconds(e.OccurredAt);
            recorded[i] = EntryEncoding.ToUnixMicroseconds(e.RecordedAt);
            payloads[i] = e.Payload;
            salts[i] = e.PayloadSalt;
            digests[i] = e.PayloadDigest;
            previous[i] = e.PreviousHash;
            hashes[i] = e.EntryHash;
        }

        return [sequences, types, subjects, actors, occurred, recorded, payloads, salts, digests, previous, hashes];
    }

    /// <summary>SQLite: moves the head, under the lock the append holds.</summary>
    private static void UpdateHead(LedgerSql sql, SqliteConnection connection, ChainState state, byte[] root)
    {
        using var update = SqliteStatement.For(connection, sql.SqliteUpdateHead);
        update.Integer(1, state.Size);
        update.Blob(2, state.LastEntryHash);
        update.Integer(3, state.LastRecordedAt is { } at ? EntryEncoding.ToUnixMicroseconds(at) : null);
        update.Blob(4, state.SerializeFrontier());
        update.Blob(5, root);
        update.Text(6, state.ChainId);
        update.Execute();
    }

    /// <summary>SQLite, in a transaction this append began (which holds the write lock): creates a missing head, then reads it.</summary>
    private static ChainState LockHeadInOwnTransaction(LedgerSql sql, SqliteConnection connection, string chainId)
    {
        using (var create = SqliteStatement.For(connection, sql.SqliteCreateHead))
        {
            create.Text(1, chainId);
            create.Blob(2, EntryEncoding.GenesisPreviousHash.ToArray());
            create.Blob(3, []);
            create.Blob(4, MerkleHasher.EmptyRoot.ToArray());
            create.Execute();
        }

        using var read = SqliteStatement.For(connection, sql.SqliteReadHead);
        read.Text(1, chainId);
        if (!read.Read())
        {
            throw new InvalidOperationException($"The head row of chain '{chainId}' could not be read.");
        }

        Instant? lastRecordedAt = read.IsNull(2) ? null : EntryEncoding.FromUnixMicroseconds(read.Int64(2));
        return Head(chainId, read.Int64(0), read.Bytes(1), lastRecordedAt, read.Bytes(3));
    }
}
