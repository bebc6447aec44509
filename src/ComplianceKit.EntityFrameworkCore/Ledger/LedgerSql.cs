using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The ledger's SQL, written once per model with the table names (and schema) the host's model gives.
/// Plain SQL that SQLite (3.35+) and PostgreSQL both run: the write path must not pay for change tracking.
/// </summary>
internal sealed class LedgerSql
{
    internal const string EntryColumns =
        "chain_id, sequence, entry_type, subject, actor, occurred_at, recorded_at, payload, payload_salt, payload_digest, previous_hash, entry_hash";

    internal const string NodeColumns = "chain_id, level, node_index, hash";

    /// <summary>The first key of ComplianceKit's PostgreSQL advisory locks ("CK"); the second is the hash of the chain id.</summary>
    private const int AdvisoryLockClass = 0x434B;

    private static readonly ConditionalWeakTable<IModel, LedgerSql> Cache = new();

    private LedgerSql(string entries, string heads, string nodes, bool isSqlite)
    {
        Entries = entries;
        Heads = heads;
        Nodes = nodes;
        IsSqlite = isSqlite;
        // SQLite: the INSERT is a write, so it takes the database write lock even inside a deferred
        // transaction, and the head is then read. PostgreSQL: a per-chain transaction advisory lock
        // queues lock holders first come, first served (the lock manager hands a released heavyweight
        // lock to the longest waiter), then the UPDATE takes the head row's lock until commit. A row lock
        // alone is not fair: an INSERT ... ON CONFLICT that meets a locked head waits on the holder's
        // transaction outside the row-lock queue, and in the instant between a commit and a woken waiter
        // running, a newcomer (the holder's next transaction, a purge's next batch) can take the row
        // again, so a writer could wait through many lock holders.
        HeadLockPrefix = isSqlite ? "" : $"SELECT pg_advisory_xact_lock({AdvisoryLockClass}, hashtext(@chain));\n";
        LockHead = isSqlite
            ? InsertEmptyHead(heads, "@chain", "@zero", "@empty", "@emptyRoot") + ";\n" +
              $"SELECT size, last_entry_hash, last_recorded_at, frontier FROM {heads} WHERE chain_id = @chain;"
            : HeadLockPrefix +
              $"UPDATE {heads} SET lock_version = lock_version + 1 WHERE chain_id = @chain RETURNING size, last_entry_hash, last_recorded_at, frontier;";
        CreateHead = InsertEmptyHead(heads, "@chain", "@zero", "@empty", "@emptyRoot");
        SqliteCreateHead = InsertEmptyHead(heads, "?1", "?2", "?3", "?4");
        SqliteReadHead = $"SELECT size, last_entry_hash, last_recorded_at, frontier FROM {heads} WHERE chain_id = ?1";
        SqliteUpdateHead = MoveHead(heads, "?");
        InsertEntry = $"INSERT INTO {entries} ({EntryColumns}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
        InsertNode = $"INSERT INTO {nodes} ({NodeColumns}) VALUES (?1,?2,?3,?4)";
        InsertEntriesFromArrays =
            $"INSERT INTO {entries} ({EntryColumns}) SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], " +
            "$6::bigint[], $7::bigint[], $8::bytea[], $9::bytea[], $10::bytea[], $11::bytea[], $12::bytea[]) AS u";
        InsertNodesFromArrays = $"INSERT INTO {nodes} ({NodeColumns}) SELECT $1, u.* FROM unnest($2::integer[], $3::bigint[], $4::bytea[]) AS u";
        LockChain = $"SELECT pg_advisory_xact_lock({AdvisoryLockClass}, hashtext($1))";
        MoveKnownHead =
            $"UPDATE {heads} SET size = $1, last_entry_hash = $2, last_recorded_at = $3, frontier = $4, tree_root = $5, lock_version = lock_version + 1 " +
            "WHERE chain_id = $6 AND size = $7 AND last_entry_hash = $8";
        InsertEntriesIfHeadMoved = InsertEntriesFromArrays + $" WHERE EXISTS (SELECT 1 FROM {heads} WHERE chain_id = $1 AND size = $13 AND last_entry_hash = $14)";
        InsertNodesIfHeadMoved = InsertNodesFromArrays + $" WHERE EXISTS (SELECT 1 FROM {heads} WHERE chain_id = $1 AND size = $5 AND last_entry_hash = $6)";
        UpdateHeadPositional = MoveHead(heads, "$");
        ReadHead = $"SELECT size, last_entry_hash, tree_root, frontier FROM {heads} WHERE chain_id = @chain";
        ReadEntries = $"SELECT {EntryColumns} FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadEntryHashes = $"SELECT entry_hash FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadEntriesPage = $"SELECT {EntryColumns} FROM {entries} WHERE chain_id = @chain AND sequence >= @from ORDER BY sequence LIMIT @limit";
        ReadNodes = $"SELECT hash FROM {nodes} WHERE chain_id = @chain AND level = @level AND node_index >= @from AND node_index < @to ORDER BY node_index";
        ReadIndexedNodes = $"SELECT node_index, hash FROM {nodes} WHERE chain_id = @chain AND level = @level AND node_index >= @from AND node_index < @to ORDER BY node_index";
        // Chains named by a head row or by any entry (a skip scan of the primary key), so a deleted head is still found.
        ReadChains =
            $"WITH RECURSIVE found(id) AS (SELECT min(chain_id) FROM {entries} UNION ALL " +
            $"SELECT (SELECT min(chain_id) FROM {entries} WHERE chain_id > found.id) FROM found WHERE found.id IS NOT NULL) " +
            $"SELECT id FROM found WHERE id IS NOT NULL UNION SELECT chain_id FROM {heads} ORDER BY 1";
    }

    public string Entries { get; }

    public string Heads { get; }

    public string Nodes { get; }

    public bool IsSqlite { get; }

    /// <summary>
    /// Statements that take the chain's fair lock before its head row is locked (PostgreSQL; empty on
    /// SQLite). They return one result set, which a reader of the lock statement skips.
    /// </summary>
    public string HeadLockPrefix { get; }

    /// <summary>Locks the chain and returns its head row (SQLite creates a missing head in the same statement; PostgreSQL needs <see cref="CreateHead"/> first for a new chain).</summary>
    public string LockHead { get; }

    public string CreateHead { get; }

    /// <summary><see cref="CreateHead"/> with positional parameters: chain id, genesis hash, empty frontier, empty root (SQLite).</summary>
    public string SqliteCreateHead { get; }

    /// <summary>The head row of chain <c>?1</c>: size, last hash, last recorded-at, frontier (SQLite).</summary>
    public string SqliteReadHead { get; }

    /// <summary><see cref="UpdateHeadPositional"/> for SQLite (<c>?1</c>..<c>?6</c>, the same order).</summary>
    public string SqliteUpdateHead { get; }

    /// <summary>One entry row, positional parameters <c>?1</c> to <c>?12</c> in <see cref="EntryColumns"/> order: prepared once per batch, run per row (SQLite).</summary>
    public string InsertEntry { get; }

    /// <summary>One Merkle node row, <c>?1</c> to <c>?4</c> in <see cref="NodeColumns"/> order (SQLite).</summary>
    public string InsertNode { get; }

    /// <summary>
    /// Every entry of a batch in one statement of constant text: the chain id, then one array per
    /// other column, positional (PostgreSQL). Planning does not grow with the batch, unlike a VALUES list.
    /// </summary>
    public string InsertEntriesFromArrays { get; }

    /// <summary>Every Merkle node of a batch: the chain id, then level, index and hash arrays (PostgreSQL).</summary>
    public string InsertNodesFromArrays { get; }

    /// <summary>Takes the chain's advisory lock for the transaction, by chain id <c>$1</c> (PostgreSQL).</summary>
    public string LockChain { get; }

    /// <summary>Moves the head to <c>$1</c>..<c>$5</c> only if chain <c>$6</c> is still at size <c>$7</c> with last hash <c>$8</c> (PostgreSQL).</summary>
    public string MoveKnownHead { get; }

    /// <summary><see cref="InsertEntriesFromArrays"/>, writing nothing unless the head is at size <c>$13</c> with last hash <c>$14</c> (the batch's own new head).</summary>
    public string InsertEntriesIfHeadMoved { get; }

    /// <summary><see cref="InsertNodesFromArrays"/>, writing nothing unless the head is at size <c>$5</c> with last hash <c>$6</c>.</summary>
    public string InsertNodesIfHeadMoved { get; }

    /// <summary>Moves chain <c>$6</c>'s head to size, last hash, last recorded-at, frontier and root <c>$1</c>..<c>$5</c>, in a batch (PostgreSQL).</summary>
    public string UpdateHeadPositional { get; }

    public string ReadHead { get; }

    public string ReadEntries { get; }

    public string ReadEntryHashes { get; }

    public string ReadNodes { get; }

    /// <summary>Up to <c>@limit</c> entries of a chain from sequence <c>@from</c> on, with no upper bound (rows past the head included).</summary>
    public string ReadEntriesPage { get; }

    /// <summary>The stored nodes of one level in an index range, with their indexes.</summary>
    public string ReadIndexedNodes { get; }

    public string ReadChains { get; }

    /// <summary>Creates a chain's empty head unless it exists, with the given parameter tokens.</summary>
    private static string InsertEmptyHead(string heads, string chain, string genesisHash, string emptyFrontier, string emptyRoot) =>
        $"INSERT INTO {heads} (chain_id, size, last_entry_hash, last_recorded_at, frontier, tree_root, lock_version) " +
        $"VALUES ({chain}, 0, {genesisHash}, NULL, {emptyFrontier}, {emptyRoot}, 0) ON CONFLICT (chain_id) DO NOTHING";

    /// <summary>Moves a head: size, last hash, last recorded-at, frontier, root, then chain id, as positional parameters 1 to 6 (<c>$</c> or <c>?</c>).</summary>
    private static string MoveHead(string heads, string marker) =>
        $"UPDATE {heads} SET size = {marker}1, last_entry_hash = {marker}2, last_recorded_at = {marker}3, frontier = {marker}4, tree_root = {marker}5 WHERE chain_id = {marker}6";

    /// <summary>The values of <see cref="UpdateHeadPositional"/> (and the first six of <see cref="MoveKnownHead"/>): <paramref name="head"/> as it now stands.</summary>
    public static object?[] HeadValues(ChainState head, byte[] root) =>
        [head.Size, head.LastEntryHash, head.LastRecordedAt is { } at ? EntryEncoding.ToUnixMicroseconds(at) : null, head.SerializeFrontier(), root, head.ChainId];

    /// <summary>Merkle nodes as level, index and hash arrays, after the chain id (PostgreSQL).</summary>
    public static object?[] NodeArrays(string chainId, List<MerkleNode> nodes) =>
        [chainId, nodes.Select(n => n.Level).ToArray(), nodes.Select(n => n.Index).ToArray(), nodes.Select(n => n.Hash).ToArray()];

    public static LedgerSql For(DbContext context) => Cache.GetValue(context.Model, _ => Create(context));

    public string ReadEntriesOfTypes(int types) =>
        $"SELECT {EntryColumns} FROM {Entries} WHERE chain_id = @chain AND entry_type IN ({string.Join(", ", Enumerable.Range(0, types).Select(i => "@t" + i))}) ORDER BY sequence";

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is byte[])
        {
            parameter.DbType = DbType.Binary;
        }

        command.Parameters.Add(parameter);
    }

    /// <summary>Adds <paramref name="sql"/> to <paramref name="batch"/> with positional parameters (<c>$1</c>...) holding <paramref name="values"/>.</summary>
    public static DbBatchCommand AddToBatch(DbBatch batch, string sql, params object?[] values)
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

    public static LedgerEntry ReadEntry(DbDataReader reader) => new()
    {
        ChainId = reader.GetString(0),
        Sequence = reader.GetInt64(1),
        EntryType = reader.GetString(2),
        Subject = reader.GetString(3),
        Actor = reader.GetString(4),
        OccurredAt = EntryEncoding.FromUnixMicroseconds(reader.GetInt64(5)),
        RecordedAt = EntryEncoding.FromUnixMicroseconds(reader.GetInt64(6)),
        Payload = reader.IsDBNull(7) ? null : Bytes(reader, 7),
        PayloadSalt = reader.IsDBNull(8) ? null : Bytes(reader, 8),
        PayloadDigest = Bytes(reader, 9),
        PreviousHash = Bytes(reader, 10),
        EntryHash = Bytes(reader, 11),
    };

    public static byte[] Bytes(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    private static LedgerSql Create(DbContext context)
    {
        var isSqlite = context.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true;
        var helper = context.GetService<ISqlGenerationHelper>();
        string Table(Type type)
        {
            var entity = context.Model.FindEntityType(type)
                ?? throw new InvalidOperationException($"The context's model has no {type.Name}: call modelBuilder.ApplyComplianceKit() in OnModelCreating.");
            var name = entity.GetTableName()!;
            var schema = isSqlite ? null : entity.GetSchema();
            return helper.DelimitIdentifier(name, schema);
        }

        return new LedgerSql(Table(typeof(LedgerEntry)), Table(typeof(ChainHeadRow)), Table(typeof(MerkleNodeRow)), isSqlite);
    }
}
