using System.Data.Common;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// What one database engine does differently for the ledger: lock a chain and read its head, write entries and Merkle
/// nodes and move the head, begin a read snapshot, and the few facts the shared SQL needs (schemas, statement size).
/// Everything else (the model, reads, verification, retention, projection, the transaction an append joins or begins,
/// linking entries onto the head) is shared and written once in this package. A dialect package implements this
/// interface and registers it (<c>.UseSqliteDialect()</c>, <c>.UsePostgreSqlDialect()</c>); docs/ARCHITECTURE.md says
/// how a new one joins the store test kit.
/// </summary>
/// <remarks>
/// Implementations are stateless singletons, called concurrently from many contexts. Every method runs on a connection
/// the caller opened; the write methods run inside the caller's transaction and never commit it.
/// </remarks>
public interface ILedgerDialect
{
    /// <summary>Whether tables are qualified with the schema the host's model names (<see langword="false"/> on engines without schemas).</summary>
    bool UsesSchemas { get; }

    /// <summary>The most parameters one multi-row statement of the shared SQL should bind (the projection rebuild's inserts).</summary>
    int MaxParametersPerStatement { get; }

    /// <summary>
    /// Whether <see cref="TryWriteAtKnownHeadAsync"/> is implemented: one round trip that locks, writes and commits a
    /// batch linked onto a head the caller remembers (the group-commit writer's fast path).
    /// </summary>
    bool SupportsKnownHeadWrites { get; }

    /// <summary>
    /// Whether the access side index writes each row straight into its span's first block (docs/FORMAT.md 10.1), so a span never
    /// needs merging: right for an engine whose log records row changes (PostgreSQL), where rows with random keys cost no more
    /// spread over a span than packed in a block. The default, <see langword="false"/>, is for an engine whose log records whole
    /// pages (SQLite): rows go into their own 4,096-entry block, so rows written together dirty few pages, and move into the
    /// span's first block once the span is complete.
    /// </summary>
    bool WritesAccessIndexBySpan => false;

    /// <summary>
    /// Prepares every connection a context with this dialect opens (for example how long it waits for a busy database), added to
    /// the context's options by <c>UseComplianceKitDialect</c>; <see langword="null"/> (the default): nothing to prepare.
    /// </summary>
    Microsoft.EntityFrameworkCore.Diagnostics.IDbConnectionInterceptor? ConnectionInterceptor => null;

    /// <summary>
    /// Prepares the connection a long-lived writer opens and keeps open for its life (the group-commit writer's, which appends
    /// every batch and writes the access side index on it), for example a larger page cache than pooled readers need; the
    /// default does nothing.
    /// </summary>
    Task PrepareWriterConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// On <paramref name="connection"/>, not the writer's: copies what the database's write-ahead log holds into the database
    /// file without waiting for readers or the writer, so the writer's commits need not (the group-commit writer calls it a
    /// moment after its batches commit). Returns <see langword="false"/>, having done nothing, when the engine checkpoints by
    /// itself (the default).
    /// </summary>
    Task<bool> CheckpointLogAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Configures a database <c>EnsureCreated</c> has just created or found (for example a journal mode, or a table layout EF Core
    /// cannot express, such as SQLite's <c>WITHOUT ROWID</c> side index); may do nothing.
    /// </summary>
    Task ConfigureDatabaseAsync(DbContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction on <paramref name="connection"/> in which every read sees the database as of one instant and
    /// which takes no write lock (a read-only connection must be able to begin it). The caller disposes it.
    /// </summary>
    Task<DbTransaction> BeginReadSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Inside the caller's read snapshot (<see cref="BeginReadSnapshotAsync"/>) on <paramref name="connection"/>: runs
    /// <paramref name="sql"/>, the shared page query (columns <see cref="LedgerColumns.Entry"/>; parameters <c>@chain</c>,
    /// <c>@from</c>, <c>@limit</c> in that order), and adds the entries it returns to <paramref name="page"/> through
    /// <see cref="LedgerColumns.ReadEntry{TReader}(ref TReader)"/>. Returns <see langword="false"/>, having read nothing,
    /// when the engine has no faster reader than its <see cref="DbDataReader"/>, which then reads the page (the default).
    /// </summary>
    /// <remarks>Verification reads every row of a chain this way: a whole-chain check is bound by the cost per column.</remarks>
    bool TryReadEntriesPage(DbConnection connection, string sql, string chainId, long from, int limit, ICollection<LedgerEntry> page) => false;

    /// <summary>
    /// Inside the caller's transaction on <paramref name="connection"/>, after a statement of it wrote through a
    /// <see cref="DbCommand"/> (so it holds the write lock): inserts the rows of <paramref name="columnCount"/> values each in
    /// <paramref name="values"/> (provider values, as the host's model converts them) through <paramref name="insert"/>, which
    /// gives the multi-row <c>INSERT</c> of that many rows (its parameters: each row's columns in order, row after row). Returns
    /// <see langword="false"/>, having written nothing, when the engine has no faster writer than a multi-row
    /// <see cref="DbCommand"/> (the default) or a value is not one it binds exactly as its ADO.NET provider would; the caller
    /// then inserts the rows itself.
    /// </summary>
    /// <remarks>The projection rebuild writes every row of the <c>ck_</c> tables this way: it is bound by the cost per row.</remarks>
    bool TryInsertRows(DbConnection connection, Func<int, string> insert, int columnCount, ReadOnlySpan<object?> values) => false;

    /// <summary>
    /// Inside the caller's transaction on <paramref name="connection"/>: deletes every row of <paramref name="table"/> (a
    /// delimited table name whose rows carry a <c>chain_id</c> column leading an index) when all of them belong to chain
    /// <paramref name="chainId"/>, in a way faster than the shared <c>DELETE ... WHERE chain_id = @chain</c>. Returns
    /// <see langword="false"/>, having deleted nothing, when another chain has rows there or the engine has no faster way
    /// (the default); the caller then deletes the chain's rows itself.
    /// </summary>
    /// <remarks>The projection rebuild replaces a chain's rows this way: most databases hold one chain.</remarks>
    Task<bool> TryDeleteAllRowsAsync(DbConnection connection, DbTransaction transaction, string table, string chainId, CancellationToken cancellationToken) =>
        Task.FromResult(false);

    /// <summary>
    /// Takes chain <paramref name="chainId"/>'s write lock for the rest of <paramref name="scope"/>'s transaction and
    /// returns its head, creating an empty head row first for a new chain. Writers of one chain are serialized by this
    /// lock across connections and processes; it must be held until the transaction ends.
    /// </summary>
    /// <exception cref="InvalidDataException">The head row holds a value the library never writes.</exception>
    Task<ChainState> LockChainAsync(LedgerWriteScope scope, string chainId, CancellationToken cancellationToken);

    /// <summary>
    /// Under the lock <see cref="LockChainAsync"/> took: inserts <paramref name="batch"/>'s entries and completed Merkle
    /// nodes, then moves the chain's head to <see cref="LedgerBatch.Head"/> and <see cref="LedgerBatch.Root"/>.
    /// </summary>
    Task WriteAsync(LedgerWriteScope scope, LedgerBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Outside any transaction on <paramref name="connection"/>: in one transaction that it begins and commits, takes the
    /// chain's lock, and writes <paramref name="batch"/> (linked onto <paramref name="expectedSize"/> and
    /// <paramref name="expectedLastHash"/>) only if the head is still there. Returns <see langword="false"/> when the head
    /// had moved (nothing written). Dialects without <see cref="SupportsKnownHeadWrites"/> throw <see cref="NotSupportedException"/>.
    /// </summary>
    Task<bool> TryWriteAtKnownHeadAsync(DbConnection connection, LedgerTables tables, LedgerBatch batch, long expectedSize,
        byte[] expectedLastHash, CancellationToken cancellationToken);
}
