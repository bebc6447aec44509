using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.PostgreSql;

/// <summary>The PostgreSQL dialect's statements for one model's tables, built once (positional <c>$N</c> parameters).</summary>
internal sealed class PostgreSqlLedgerStatements
{
    /// <summary>The first key of ComplianceKit's PostgreSQL advisory locks ("CK"); the second is the hash of the chain id.</summary>
    private const int AdvisoryLockClass = 0x434B;

    private static readonly ConditionalWeakTable<LedgerTables, PostgreSqlLedgerStatements> Cache = new();

    private PostgreSqlLedgerStatements(LedgerTables tables)
    {
        var (entries, heads, nodes) = (tables.Entries, tables.Heads, tables.Nodes);
        LockChain = $"SELECT pg_advisory_xact_lock({AdvisoryLockClass}, hashtext($1))";
        LockHead = $"UPDATE {heads} SET lock_version = lock_version + 1 WHERE chain_id = $1 RETURNING size, last_entry_hash, last_recorded_at, frontier";
        CreateHead =
            $"INSERT INTO {heads} (chain_id, size, last_entry_hash, last_recorded_at, frontier, tree_root, lock_version) " +
            "VALUES ($1, 0, $2, NULL, $3, $4, 0) ON CONFLICT (chain_id) DO NOTHING";
        InsertEntries =
            $"INSERT INTO {entries} ({LedgerColumns.Entry}) SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], " +
            "$6::bigint[], $7::bigint[], $8::bytea[], $9::bytea[], $10::bytea[], $11::bytea[], $12::bytea[]) AS u";
        InsertNodes = $"INSERT INTO {nodes} ({LedgerColumns.Node}) SELECT $1, u.* FROM unnest($2::integer[], $3::bigint[], $4::bytea[]) AS u";
        MoveHead = $"UPDATE {heads} SET size = $1, last_entry_hash = $2, last_recorded_at = $3, frontier = $4, tree_root = $5 WHERE chain_id = $6";
        MoveKnownHead =
            $"UPDATE {heads} SET size = $1, last_entry_hash = $2, last_recorded_at = $3, frontier = $4, tree_root = $5, lock_version = lock_version + 1 " +
            "WHERE chain_id = $6 AND size = $7 AND last_entry_hash = $8";
        InsertEntriesIfHeadMoved = InsertEntries + $" WHERE EXISTS (SELECT 1 FROM {heads} WHERE chain_id = $1 AND size = $13 AND last_entry_hash = $14)";
        InsertNodesIfHeadMoved = InsertNodes + $" WHERE EXISTS (SELECT 1 FROM {heads} WHERE chain_id = $1 AND size = $5 AND last_entry_hash = $6)";
    }

    /// <summary>
    /// Takes the chain's advisory lock for the transaction, by chain id <c>$1</c>: the lock manager hands a released
    /// heavyweight lock to the longest waiter, so writers are served first come, first served.
    /// </summary>
    public string LockChain { get; }

    /// <summary>Locks chain <c>$1</c>'s head row until commit and returns size, last hash, last recorded-at and frontier; no row for a new chain.</summary>
    public string LockHead { get; }

    /// <summary>Creates chain <c>$1</c>'s empty head unless it exists: genesis hash <c>$2</c>, empty frontier <c>$3</c>, empty root <c>$4</c>.</summary>
    public string CreateHead { get; }

    /// <summary>
    /// Every entry of a batch in one statement of constant text: the chain id, then one array per other column. Planning
    /// does not grow with the batch, unlike a VALUES list.
    /// </summary>
    public string InsertEntries { get; }

    /// <summary>Every Merkle node of a batch: the chain id, then level, index and hash arrays.</summary>
    public string InsertNodes { get; }

    /// <summary>Moves chain <c>$6</c>'s head to size, last hash, last recorded-at, frontier and root <c>$1</c>..<c>$5</c>.</summary>
    public string MoveHead { get; }

    /// <summary>Moves the head to <c>$1</c>..<c>$5</c> only if chain <c>$6</c> is still at size <c>$7</c> with last hash <c>$8</c>.</summary>
    public string MoveKnownHead { get; }

    /// <summary><see cref="InsertEntries"/>, writing nothing unless the head is at size <c>$13</c> with last hash <c>$14</c> (the batch's own new head).</summary>
    public string InsertEntriesIfHeadMoved { get; }

    /// <summary><see cref="InsertNodes"/>, writing nothing unless the head is at size <c>$5</c> with last hash <c>$6</c>.</summary>
    public string InsertNodesIfHeadMoved { get; }

    public static PostgreSqlLedgerStatements For(LedgerTables tables) => Cache.GetValue(tables, t => new PostgreSqlLedgerStatements(t));
}
