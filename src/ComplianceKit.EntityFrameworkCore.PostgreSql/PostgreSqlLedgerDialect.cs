using System.Data;
using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.PostgreSql;

/// <summary>
/// The ledger on PostgreSQL: a per-chain transaction advisory lock queues writers in arrival order, then
/// <c>UPDATE ... RETURNING</c> locks and reads the head row; entries, nodes and the head move travel in one round trip,
/// entries as one array parameter per column through <c>unnest</c>; REPEATABLE READ is the read snapshot; and a
/// writer that remembers its head writes and commits a batch in one prepared round trip.
/// </summary>
/// <remarks>
/// Stateless and thread-safe: use <see cref="Instance"/>. A row lock alone is not fair: an <c>INSERT ... ON CONFLICT</c>
/// that meets a locked head waits on the holder's transaction outside the row-lock queue, and between a commit and a
/// woken waiter running, the holder's next transaction (a purge's next batch) can take the row again.
/// </remarks>
public sealed class PostgreSqlLedgerDialect : ILedgerDialect
{
    private PostgreSqlLedgerDialect()
    {
    }

    /// <summary>The dialect.</summary>
    public static PostgreSqlLedgerDialect Instance { get; } = new();

    /// <inheritdoc />
    public bool UsesSchemas => true;

    /// <inheritdoc />
    /// <remarks>PostgreSQL pays a round trip per statement, so statements carry many rows.</remarks>
    public int MaxParametersPerStatement => 30_000;

    /// <inheritdoc />
    public bool SupportsKnownHeadWrites => true;

    /// <inheritdoc />
    /// <remarks>
    /// PostgreSQL logs a row change, not its page, so rows with random keys cost little more spread over a span; merging a
    /// span (every row inserted again, then deleted) was about half the server's time in an access storm.
    /// </remarks>
    public bool WritesAccessIndexBySpan => true;

    /// <inheritdoc />
    public Task ConfigureDatabaseAsync(DbContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<DbTransaction> BeginReadSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ChainState> LockChainAsync(LedgerWriteScope scope, string chainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var statements = PostgreSqlLedgerStatements.For(scope.Tables);
        // One round trip (fair lock, then the head row) for every append but a chain's first.
        if (await TryLockHeadAsync(scope, statements, chainId, cancellationToken).ConfigureAwait(false) is { } state)
        {
            return state;
        }

        var batch = scope.Connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = scope.Transaction;
            Add(batch, statements.CreateHead, chainId, EntryEncoding.GenesisPreviousHash.ToArray(), Array.Empty<byte>(), MerkleHasher.EmptyRoot.ToArray());
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await TryLockHeadAsync(scope, statements, chainId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The head row of chain '{chainId}' could not be locked.");
    }

    /// <inheritdoc />
    public async Task WriteAsync(LedgerWriteScope scope, LedgerBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(batch);
        var statements = PostgreSqlLedgerStatements.For(scope.Tables);
        var write = scope.Connection.CreateBatch();
        await using var writeScope = write.ConfigureAwait(false);
        write.Transaction = scope.Transaction;
        var chainId = batch.Head.ChainId;
        Add(write, statements.InsertEntries, [chainId, .. EntryArrays(batch.Entries)]);
        if (batch.Nodes.Count > 0)
        {
            Add(write, statements.InsertNodes, [chainId, .. NodeArrays(chainId, batch.Nodes)]);
        }

        Add(write, statements.MoveHead, HeadValues(batch));
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryWriteAtKnownHeadAsync(DbConnection connection, LedgerTables tables, LedgerBatch batch, long expectedSize, byte[] expectedLastHash,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(batch);
        var statements = PostgreSqlLedgerStatements.For(tables);
        var head = batch.Head;
        var write = connection.CreateBatch();
        await using var writeScope = write.ConfigureAwait(false);
        Add(write, "BEGIN");
        Add(write, statements.LockChain, head.ChainId);
        var move = Add(write, statements.MoveKnownHead, [.. HeadValues(batch), expectedSize, expectedLastHash]);
        Add(write, statements.InsertEntriesIfHeadMoved, [head.ChainId, .. EntryArrays(batch.Entries), head.Size, head.LastEntryHash]);
        if (batch.Nodes.Count > 0)
        {
            Add(write, statements.InsertNodesIfHeadMoved, [head.ChainId, .. NodeArrays(head.ChainId, batch.Nodes), head.Size, head.LastEntryHash]);
        }

        Add(write, "COMMIT");
        try
        {
            // Prepared once per physical connection (Npgsql keeps prepared statements by text), so the
            // server stops planning the same six statements for every batch.
            await write.PrepareAsync(cancellationToken).ConfigureAwait(false);
            // Not cancellable: the batch ends in COMMIT, and an append must never be cancelled halfway through it.
            await write.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await RollBackAsync(connection).ConfigureAwait(false);
            throw;
        }

        return move.RecordsAffected == 1;
    }

    private static async Task<ChainState?> TryLockHeadAsync(LedgerWriteScope scope, PostgreSqlLedgerStatements statements, string chainId,
        CancellationToken cancellationToken)
    {
        var batch = scope.Connection.CreateBatch();
        await using var batchScope = batch.ConfigureAwait(false);
        batch.Transaction = scope.Transaction;
        Add(batch, statements.LockChain, chainId);
        Add(batch, statements.LockHead, chainId);
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // the advisory lock's (void) row
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return LedgerColumns.ReadHead(chainId, reader.GetInt64(0), LedgerColumns.Bytes(reader, 1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
            LedgerColumns.Bytes(reader, 3));
    }

    /// <summary>The entries as one array per column after the chain id, in <see cref="LedgerColumns.Entry"/> order.</summary>
    private static object[] EntryArrays(IReadOnlyList<LedgerEntry> entries)
    {
        var columns = new ColumnArrays(entries.Count, typeof(string), typeof(long), typeof(string), typeof(string), typeof(string), typeof(long), typeof(long),
            typeof(byte[]), typeof(byte[]), typeof(byte[]), typeof(byte[]), typeof(byte[]));
        for (var i = 0; i < entries.Count; i++)
        {
            columns.Row = i;
            LedgerColumns.WriteEntry(entries[i], ref columns);
        }

        return columns.Columns;
    }

    /// <summary>Merkle nodes as level, index and hash arrays, after the chain id.</summary>
    private static object[] NodeArrays(string chainId, IReadOnlyList<MerkleNode> nodes)
    {
        var columns = new ColumnArrays(nodes.Count, typeof(string), typeof(int), typeof(long), typeof(byte[]));
        for (var i = 0; i < nodes.Count; i++)
        {
            columns.Row = i;
            LedgerColumns.WriteNode(chainId, nodes[i], ref columns);
        }

        return columns.Columns;
    }

    /// <summary>The head move's values, in <see cref="LedgerColumns.HeadMove"/> order.</summary>
    private static object?[] HeadValues(LedgerBatch batch)
    {
        var values = new HeadValues();
        LedgerColumns.WriteHead(batch.Head, batch.Root, ref values);
        return values.Values;
    }

    /// <summary>Adds <paramref name="sql"/> to <paramref name="batch"/> with positional parameters (<c>$1</c>...) holding <paramref name="values"/>.</summary>
    private static DbBatchCommand Add(DbBatch batch, string sql, params object?[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    /// <summary>Ends the transaction a failed batch left open (aborted), so the connection can serve the next one.</summary>
    private static async Task RollBackAsync(DbConnection connection)
    {
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            var rollback = connection.CreateCommand();
            await using (rollback.ConfigureAwait(false))
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The batch's own error is the one to report; a broken connection is discarded by the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
