using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>The SQLite dialect's statements for one model's tables, built once (positional <c>?N</c> parameters for the raw statements).</summary>
internal sealed class SqliteLedgerStatements
{
    private static readonly ConditionalWeakTable<LedgerTables, SqliteLedgerStatements> Cache = new();

    private SqliteLedgerStatements(LedgerTables tables)
    {
        var heads = tables.Heads;
        CreateHead = InsertEmptyHead(heads, "?1", "?2", "?3", "?4");
        // The INSERT is a write, so it takes the database write lock even inside a deferred transaction; then the head is read.
        LockHead = InsertEmptyHead(heads, "@chain", "@zero", "@empty", "@emptyRoot") + ";\n" + ReadHeadWhere(heads, "@chain") + ";";
        ReadHead = ReadHeadWhere(heads, "?1");
        MoveHead = $"UPDATE {heads} SET size = ?1, last_entry_hash = ?2, last_recorded_at = ?3, frontier = ?4, tree_root = ?5 WHERE chain_id = ?6";
        InsertEntry = $"INSERT INTO {tables.Entries} ({LedgerColumns.Entry}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)";
        InsertNode = $"INSERT INTO {tables.Nodes} ({LedgerColumns.Node}) VALUES (?1,?2,?3,?4)";
    }

    /// <summary>Creates a chain's empty head unless it exists: chain id, genesis hash, empty frontier, empty root.</summary>
    public string CreateHead { get; }

    /// <summary>Creates a missing head and reads it, named parameters, through <c>SqliteCommand</c> (which waits for a busy database).</summary>
    public string LockHead { get; }

    /// <summary>The head row of chain <c>?1</c>: size, last hash, last recorded-at, frontier.</summary>
    public string ReadHead { get; }

    /// <summary>Moves a head, in <see cref="LedgerColumns.HeadMove"/> order.</summary>
    public string MoveHead { get; }

    /// <summary>One entry row, <c>?1</c> to <c>?12</c> in <see cref="LedgerColumns.Entry"/> order.</summary>
    public string InsertEntry { get; }

    /// <summary>One Merkle node row, <c>?1</c> to <c>?4</c> in <see cref="LedgerColumns.Node"/> order.</summary>
    public string InsertNode { get; }

    public static SqliteLedgerStatements For(LedgerTables tables) => Cache.GetValue(tables, t => new SqliteLedgerStatements(t));

    private static string ReadHeadWhere(string heads, string chain) =>
        $"SELECT size, last_entry_hash, last_recorded_at, frontier FROM {heads} WHERE chain_id = {chain}";

    private static string InsertEmptyHead(string heads, string chain, string genesisHash, string emptyFrontier, string emptyRoot) =>
        $"INSERT INTO {heads} (chain_id, size, last_entry_hash, last_recorded_at, frontier, tree_root, lock_version) " +
        $"VALUES ({chain}, 0, {genesisHash}, NULL, {emptyFrontier}, {emptyRoot}, 0) ON CONFLICT (chain_id) DO NOTHING";
}
