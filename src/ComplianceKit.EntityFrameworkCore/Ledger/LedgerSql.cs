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

    /// <summary>The first key of ComplianceKit's PostgreSQL advisory locks ("CK"); the second is the hash of the chain id.</summary>
    private const int AdvisoryLockClass = 0x434B;

    private const int EntryParameterCount = 12;
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
            ? $"INSERT INTO {heads} (chain_id, size, last_entry_hash, last_recorded_at, frontier, tree_root, lock_version) " +
              "VALUES (@chain, 0, @zero, NULL, @empty, @emptyRoot, 0) ON CONFLICT (chain_id) DO NOTHING;\n" +
              $"SELECT size, last_entry_hash, last_recorded_at, frontier FROM {heads} WHERE chain_id = @chain;"
            : HeadLockPrefix +
              $"UPDATE {heads} SET lock_version = lock_version + 1 WHERE chain_id = @chain RETURNING size, last_entry_hash, last_recorded_at, frontier;";
        CreateHead =
            $"INSERT INTO {heads} (chain_id, size, last_entry_hash, last_recorded_at, frontier, tree_root, lock_version) " +
            "VALUES (@chain, 0, @zero, NULL, @empty, @emptyRoot, 0) ON CONFLICT (chain_id) DO NOTHING";
        UpdateHead =
            $"UPDATE {heads} SET size = @size, last_entry_hash = @last, last_recorded_at = @recorded, frontier = @frontier, tree_root = @root WHERE chain_id = @chain";
        ReadHead = $"SELECT size, last_entry_hash, tree_root FROM {heads} WHERE chain_id = @chain";
        ReadEntries = $"SELECT {EntryColumns} FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadEntryHashes = $"SELECT entry_hash FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadNodes = $"SELECT hash FROM {nodes} WHERE chain_id = @chain AND level = @level AND node_index >= @from AND node_index < @to ORDER BY node_index";
        ReadChains = $"SELECT chain_id FROM {heads} ORDER BY chain_id";
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

    public string UpdateHead { get; }

    public string ReadHead { get; }

    public string ReadEntries { get; }

    public string ReadEntryHashes { get; }

    public string ReadNodes { get; }

    public string ReadChains { get; }

    /// <summary>
    /// The most rows one INSERT carries. SQLite runs in-process, so one prepared single-row statement
    /// reused per row is fastest there (it looks up parameters by name, so wide statements cost
    /// quadratic time); a server gets multi-row statements to save round trips.
    /// </summary>
    public int RowsPerInsert => IsSqlite ? 1 : 500;

    public static LedgerSql For(DbContext context) => Cache.GetValue(context.Model, _ => Create(context));

    public string ReadEntriesOfTypes(int types) =>
        $"SELECT {EntryColumns} FROM {Entries} WHERE chain_id = @chain AND entry_type IN ({string.Join(", ", Enumerable.Range(0, types).Select(i => "@t" + i))}) ORDER BY sequence";

    public string InsertEntries(int rows) => InsertValues(Entries, EntryColumns, rows, EntryParameterCount);

    public string InsertNodes(int rows) => InsertValues(Nodes, "chain_id, level, node_index, hash", rows, 4);

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

    /// <summary>Sets (adding on first use) the parameters of one row, so a prepared command is reused across rows.</summary>
    public static void SetEntryValues(DbCommand command, int row, LedgerEntry e)
    {
        var p = row * EntryParameterCount;
        Set(command, p, e.ChainId);
        Set(command, p + 1, e.Sequence);
        Set(command, p + 2, e.EntryType);
        Set(command, p + 3, e.Subject);
        Set(command, p + 4, e.Actor);
        Set(command, p + 5, InstantCodec.ToUnixMicroseconds(e.OccurredAt));
        Set(command, p + 6, InstantCodec.ToUnixMicroseconds(e.RecordedAt));
        Set(command, p + 7, e.Payload);
        Set(command, p + 8, e.PayloadSalt);
        Set(command, p + 9, e.PayloadDigest);
        Set(command, p + 10, e.PreviousHash);
        Set(command, p + 11, e.EntryHash);
    }

    /// <summary>Sets the parameters of one Merkle node row.</summary>
    public static void SetNodeValues(DbCommand command, int row, string chainId, MerkleNode node)
    {
        var p = row * 4;
        Set(command, p, chainId);
        Set(command, p + 1, node.Level);
        Set(command, p + 2, node.Index);
        Set(command, p + 3, node.Hash);
    }

    private static void Set(DbCommand command, int index, object? value)
    {
        if (index < command.Parameters.Count)
        {
            command.Parameters[index].Value = value ?? DBNull.Value;
            return;
        }

        Add(command, "@p" + index, value);
        if (value is null)
        {
            // Payload and salt are the only nullable columns: keep the parameter typed as binary.
            command.Parameters[index].DbType = DbType.Binary;
        }
    }

    public static LedgerEntry ReadEntry(DbDataReader reader) => new()
    {
        ChainId = reader.GetString(0),
        Sequence = reader.GetInt64(1),
        EntryType = reader.GetString(2),
        Subject = reader.GetString(3),
        Actor = reader.GetString(4),
        OccurredAt = InstantCodec.FromUnixMicroseconds(reader.GetInt64(5)),
        RecordedAt = InstantCodec.FromUnixMicroseconds(reader.GetInt64(6)),
        Payload = reader.IsDBNull(7) ? null : Bytes(reader, 7),
        PayloadSalt = reader.IsDBNull(8) ? null : Bytes(reader, 8),
        PayloadDigest = Bytes(reader, 9),
        PreviousHash = Bytes(reader, 10),
        EntryHash = Bytes(reader, 11),
    };

    public static byte[] Bytes(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    private static string InsertValues(string table, string columns, int rows, int perRow)
    {
        var sql = new StringBuilder(64 + (rows * perRow * 8));
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(columns).Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < perRow; column++)
            {
                sql.Append(column == 0 ? "@p" : ",@p").Append((row * perRow) + column);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

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
