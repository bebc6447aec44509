using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The ledger's shared SQL (reads), written once per model with the table names (and schema) the host's model gives,
/// and the model's dialect, which holds the statements engines write differently (locks, writes, snapshots).
/// Plain SQL, no change tracking.
/// </summary>
internal sealed class LedgerSql
{
    private static readonly ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, LedgerSql> Cache = new();

    private LedgerSql(LedgerTables tables, ILedgerDialect dialect)
    {
        Tables = tables;
        Dialect = dialect;
        var (entries, heads, nodes) = (tables.Entries, tables.Heads, tables.Nodes);
        ReadHead = $"SELECT size, last_entry_hash, tree_root, frontier FROM {heads} WHERE chain_id = @chain";
        ReadEntries = $"SELECT {LedgerColumns.Entry} FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadEntryHashes = $"SELECT entry_hash FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadEntriesPage = $"SELECT {LedgerColumns.Entry} FROM {entries} WHERE chain_id = @chain AND sequence >= @from ORDER BY sequence LIMIT @limit";
        ReadNodes = $"SELECT hash FROM {nodes} WHERE chain_id = @chain AND level = @level AND node_index >= @from AND node_index < @to ORDER BY node_index";
        ReadIndexedNodes = $"SELECT node_index, hash FROM {nodes} WHERE chain_id = @chain AND level = @level AND node_index >= @from AND node_index < @to ORDER BY node_index";
        // Chains named by a head row or by any entry (a skip scan of the primary key), so a deleted head is still found.
        ReadChains =
            $"WITH RECURSIVE found(id) AS (SELECT min(chain_id) FROM {entries} UNION ALL " +
            $"SELECT (SELECT min(chain_id) FROM {entries} WHERE chain_id > found.id) FROM found WHERE found.id IS NOT NULL) " +
            $"SELECT id FROM found WHERE id IS NOT NULL UNION SELECT chain_id FROM {heads} ORDER BY 1";
    }

    public LedgerTables Tables { get; }

    public ILedgerDialect Dialect { get; }

    public string Entries => Tables.Entries;

    public string ReadHead { get; }

    public string ReadEntries { get; }

    public string ReadEntryHashes { get; }

    public string ReadNodes { get; }

    /// <summary>Up to <c>@limit</c> entries of a chain from sequence <c>@from</c> on, with no upper bound (rows past the head included).</summary>
    public string ReadEntriesPage { get; }

    /// <summary>The stored nodes of one level in an index range, with their indexes.</summary>
    public string ReadIndexedNodes { get; }

    public string ReadChains { get; }

    public static LedgerSql For(DbContext context) => Cache.GetValue(context.Model, _ => Create(context));

    /// <summary>The SQL over tables named without a model (<see cref="ReadOnlyDatabaseLedger"/>).</summary>
    public static LedgerSql For(LedgerTables tables, ILedgerDialect dialect) => new(tables, dialect);

    /// <summary>
    /// A chain's entries of some types in sequence order, from <c>@from</c> when <paramref name="fromSequence"/> (else from the start).
    /// Sorted by <c>sequence + 0</c> so no index gives the order: SQLite's planner (without ANALYZE) otherwise walks the whole chain
    /// by primary key to skip the sort, instead of the type index. With a lower bound it walks the primary key from there: what a
    /// reader of the newest entries (the checkpoint publisher) wants, at a cost bound by the entries past the bound.
    /// </summary>
    public string ReadEntriesOfTypes(int types, bool fromSequence) =>
        $"SELECT {LedgerColumns.Entry} FROM {Entries} WHERE chain_id = @chain AND entry_type IN ({string.Join(", ", Enumerable.Range(0, types).Select(i => "@t" + i))})"
        + (fromSequence ? " AND sequence >= @from" : "") + " ORDER BY sequence + 0";

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

    public static LedgerEntry ReadEntry(DbDataReader reader) => LedgerColumns.ReadEntry(reader);

    public static byte[] Bytes(DbDataReader reader, int ordinal) => LedgerColumns.Bytes(reader, ordinal);

    private static LedgerSql Create(DbContext context)
    {
        var dialect = LedgerDialects.Of(context);
        return new LedgerSql(new LedgerTables(Table(context, typeof(LedgerEntry)), Table(context, typeof(ChainHeadRow)), Table(context, typeof(MerkleNodeRow))), dialect);
    }

    /// <summary>The SQL name of an entity's table in the host's model: delimited, and qualified where the dialect uses schemas.</summary>
    public static string Table(DbContext context, Type type)
    {
        var entity = context.Model.FindEntityType(type)
            ?? throw new InvalidOperationException($"The context's model has no {type.Name}: call modelBuilder.ApplyComplianceKit() in OnModelCreating.");
        return DelimitedTable.Of(context, entity);
    }
}
