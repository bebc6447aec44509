using System.Data;
using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// The ledger on SQLite (3.35+): the database write lock is the chain's lock (an <c>INSERT ... ON CONFLICT DO NOTHING</c>
/// of the head takes it, then the head is read), rows are written one statement per row prepared on the connection's
/// own handle (in-process there is no round trip to save), WAL mode, and a deferred read transaction as the snapshot.
/// </summary>
/// <remarks>Stateless and thread-safe: use <see cref="Instance"/>.</remarks>
public sealed class SqliteLedgerDialect : ILedgerDialect
{
    private SqliteLedgerDialect()
    {
    }

    /// <summary>The dialect.</summary>
    public static SqliteLedgerDialect Instance { get; } = new();

    /// <inheritdoc />
    /// <remarks>SQLite has no schemas: a schema in the host's model is ignored.</remarks>
    public bool UsesSchemas => false;

    /// <inheritdoc />
    /// <remarks>SQLite looks named parameters up one by one along the list, so statements stay near 500 parameters.</remarks>
    public int MaxParametersPerStatement => 500;

    /// <inheritdoc />
    public bool SupportsKnownHeadWrites => false;

    /// <inheritdoc />
    /// <remarks><see cref="SqliteBusyTimeout"/>: a second process's writes wait in SQLite's own busy handler, not in 150 ms sleeps.</remarks>
    public Microsoft.EntityFrameworkCore.Diagnostics.IDbConnectionInterceptor? ConnectionInterceptor => SqliteBusyTimeout.Instance;

    /// <inheritdoc />
    /// <remarks>
    /// Turns on WAL: readers never block the writer, and a process killed mid-append leaves the last committed state. Then
    /// makes the access side index a <c>WITHOUT ROWID</c> table if EF Core (or an older version) made it a rowid table
    /// (<see cref="SqliteAccessIndexLayout"/>: it is re-created empty, and built again in steps).
    /// </remarks>
    public async Task ConfigureDatabaseAsync(DbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await SqliteAccessIndexLayout.EnsureWithoutRowidAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The group-commit writer's page cache, in KiB (SQLite's default is 2,000 KiB, for every connection).</summary>
    internal const int WriterCacheKibibytes = 65_536;

    /// <inheritdoc />
    /// <remarks>
    /// A 64 MiB page cache (<see cref="WriterCacheKibibytes"/>): the writer's batches and index steps touch the same B-tree paths
    /// over and over; with the default 2 MB, reading evicted pages back from the OS (pread) was 2-7 % of the writer process's
    /// CPU in profiles of the access storm, 1 % with this cache. SQLite takes the memory as pages are read; pooled readers keep
    /// the default. Its commits copy the write-ahead log into the database only past <see cref="WriterCheckpointPages"/>: the
    /// group-commit writer checkpoints beside them (<see cref="CheckpointLogAsync"/>). Both settings stay with the native
    /// handle, so they go back to the pool with it when the writer stops (one connection, whose commits then checkpoint past
    /// 64 MiB of log instead of 4 MiB).
    /// </remarks>
    public async Task PrepareWriterConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = Sqlite(connection).CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = $"PRAGMA cache_size = -{WriterCacheKibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = $"PRAGMA wal_autocheckpoint = {WriterCheckpointPages.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The log size, in pages, past which the writer's own commits copy the write-ahead log into the database (SQLite's default
    /// is 1,000): 64 MiB, a bound for when the checkpoints beside the writer (<see cref="CheckpointLogAsync"/>) fall behind.
    /// </summary>
    internal const int WriterCheckpointPages = 16_000;

    /// <inheritdoc />
    /// <remarks>
    /// <c>PRAGMA wal_checkpoint(PASSIVE)</c>: copies the frames no reader still needs and waits for nobody; the writer's next
    /// transaction starts the log over once all of it is copied. Its copy and the database file's <c>fsync</c> run on this
    /// connection's thread, not in the writer's commit.
    /// </remarks>
    public async Task<bool> CheckpointLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = Sqlite(connection).CreateCommand();
        await using var commandScope = command.ConfigureAwait(false);
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>Deferred: a read-only connection cannot take the write lock that <c>BEGIN IMMEDIATE</c> would; the snapshot is taken by the first read.</remarks>
    public Task<DbTransaction> BeginReadSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(Sqlite(connection).BeginTransaction(deferred: true));

    /// <inheritdoc />
    public async Task<ChainState> LockChainAsync(LedgerWriteScope scope, string chainId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var statements = SqliteLedgerStatements.For(scope.Tables);
        if (scope.LedgerBeganTransaction)
        {
            // The ledger's own transaction holds the write lock from BEGIN, so the head is created and read directly.
            return ReadHeadUnderLock(statements, Sqlite(scope.Connection), chainId);
        }

        // A host's transaction may not hold the write lock yet: SqliteCommand waits for a busy database.
        var command = scope.Command(statements.LockHead);
        await using var commandScope = command.ConfigureAwait(false);
        Add(command, "@chain", chainId);
        Add(command, "@zero", EntryEncoding.GenesisPreviousHash.ToArray());
        Add(command, "@empty", Array.Empty<byte>());
        Add(command, "@emptyRoot", MerkleHasher.EmptyRoot.ToArray());
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (!reader.HasRows && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            // The INSERT returns no rows; the SELECT does.
        }

        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The head row of chain '{chainId}' could not be locked.");
        }

        return LedgerColumns.ReadHead(chainId, reader.GetInt64(0), LedgerColumns.Bytes(reader, 1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
            LedgerColumns.Bytes(reader, 3));
    }

    /// <inheritdoc />
    public Task WriteAsync(LedgerWriteScope scope, LedgerBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(batch);
        var statements = SqliteLedgerStatements.For(scope.Tables);
        var connection = Sqlite(scope.Connection);
        using (var insert = SqliteStatement.For(connection, statements.InsertEntry))
        {
            var row = new SqliteRowBinder(insert);
            for (var i = 0; i < batch.Entries.Count; i++)
            {
                if ((i & 255) == 255)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                LedgerColumns.WriteEntry(batch.Entries[i], ref row);
                insert.Execute();
            }
        }

        if (batch.Nodes.Count > 0)
        {
            using var insert = SqliteStatement.For(connection, statements.InsertNode);
            var row = new SqliteRowBinder(insert);
            foreach (var node in batch.Nodes)
            {
                LedgerColumns.WriteNode(batch.Head.ChainId, node, ref row);
                insert.Execute();
            }
        }

        using (var move = SqliteStatement.For(connection, statements.MoveHead))
        {
            var row = new SqliteRowBinder(move);
            LedgerColumns.WriteHead(batch.Head, batch.Root, ref row);
            move.Execute();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs the query as a statement prepared on the connection's own handle and kept with it, and reads each row through
    /// <see cref="SqliteRowReader"/>: less than half the native calls per row of <see cref="SqliteDataReader"/>.
    /// </remarks>
    public bool TryReadEntriesPage(DbConnection connection, string sql, string chainId, long from, int limit, ICollection<LedgerEntry> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var query = SqliteStatement.For(Sqlite(connection), sql);
        query.Text(1, chainId);
        query.Integer(2, from);
        query.Integer(3, (long)limit);
        var row = new SqliteRowReader(query);
        while (query.Read())
        {
            page.Add(LedgerColumns.ReadEntry(ref row));
        }

        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs the statement of <see cref="MaxParametersPerStatement"/> values' worth of rows, prepared on the connection's own
    /// handle, with values bound by position (through <see cref="SqliteCommand"/>, SQLite looks each named parameter up along
    /// the statement's list on every execution), and the one-row statement for the rows left over. A value equal to the one
    /// bound at its position for the previous rows is not bound again (<see cref="SqliteStatement.ExecuteEach"/>): a rebuild's
    /// chain id, kinds and empty columns cost no native call.
    /// </remarks>
    public bool TryInsertRows(DbConnection connection, Func<int, string> insert, int columnCount, ReadOnlySpan<object?> values)
    {
        ArgumentNullException.ThrowIfNull(insert);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columnCount);
        foreach (var value in values)
        {
            if (!SqliteStatement.CanBind(value))
            {
                return false;
            }
        }

        var sqlite = Sqlite(connection);
        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / columnCount);
        var grouped = values.Length / columnCount / rowsPerStatement * rowsPerStatement * columnCount;
        if (grouped > 0)
        {
            using var many = SqliteStatement.For(sqlite, insert(rowsPerStatement));
            many.ExecuteEach(values[..grouped], rowsPerStatement * columnCount);
        }

        if (grouped < values.Length)
        {
            using var one = SqliteStatement.For(sqlite, insert(1));
            one.ExecuteEach(values[grouped..], columnCount);
        }

        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two probes of the index that <c>chain_id</c> leads (a row below the chain, a row above it; the column's own collation
    /// decides both, as it decides <c>=</c>), then <c>DELETE</c> without <c>WHERE</c>: SQLite then drops the table's pages
    /// whole (its truncate optimization, about 4x faster on the evidence table), unless the table is the parent of a foreign
    /// key with foreign keys on, where it deletes row by row as before. Both run in the caller's transaction: another
    /// writer's rows cannot appear between the probes and the delete.
    /// </remarks>
    public async Task<bool> TryDeleteAllRowsAsync(DbConnection connection, DbTransaction transaction, string table, string chainId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        DbCommand probe = Sqlite(connection).CreateCommand();
        await using (probe.ConfigureAwait(false))
        {
            probe.Transaction = transaction;
            probe.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table} WHERE chain_id < @chain) OR EXISTS (SELECT 1 FROM {table} WHERE chain_id > @chain)";
            Add(probe, "@chain", chainId);
            if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return false;
            }
        }

        DbCommand delete = connection.CreateCommand();
        await using var deleteScope = delete.ConfigureAwait(false);
        delete.Transaction = transaction;
        delete.CommandText = $"DELETE FROM {table}";
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: SQLite has no round trip to save.</exception>
    public Task<bool> TryWriteAtKnownHeadAsync(DbConnection connection, LedgerTables tables, LedgerBatch batch, long expectedSize, byte[] expectedLastHash,
        CancellationToken cancellationToken) =>
        throw new NotSupportedException("SQLite appends in-process: there is no round trip for a known-head write to save.");

    /// <summary>Creates a missing head, then reads it, with the write lock already held.</summary>
    private static ChainState ReadHeadUnderLock(SqliteLedgerStatements statements, SqliteConnection connection, string chainId)
    {
        using (var create = SqliteStatement.For(connection, statements.CreateHead))
        {
            create.Text(1, chainId);
            create.Blob(2, EntryEncoding.GenesisPreviousHash.ToArray());
            create.Blob(3, []);
            create.Blob(4, MerkleHasher.EmptyRoot.ToArray());
            create.Execute();
        }

        using var read = SqliteStatement.For(connection, statements.ReadHead);
        read.Text(1, chainId);
        if (!read.Read())
        {
            throw new InvalidOperationException($"The head row of chain '{chainId}' could not be read.");
        }

        return LedgerColumns.ReadHead(chainId, read.Int64(0), read.Bytes(1), read.IsNull(2) ? null : read.Int64(2), read.Bytes(3));
    }

    private static SqliteConnection Sqlite(DbConnection connection) =>
        connection as SqliteConnection ?? throw new InvalidOperationException($"The SQLite dialect needs a SqliteConnection; the context uses {connection?.GetType().Name}.");

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        if (value is byte[])
        {
            parameter.DbType = DbType.Binary;
        }

        command.Parameters.Add(parameter);
    }
}
