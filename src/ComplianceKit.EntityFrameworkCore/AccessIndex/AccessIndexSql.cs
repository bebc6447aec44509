using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Model;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// The side index's SQL, one text for every engine (integer division, a recursive CTE, <c>ON CONFLICT</c>), written once
/// per model with the table names the host's model gives.
/// </summary>
internal sealed class AccessIndexSql
{
    private static readonly ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, AccessIndexSql> Cache = new();

    private AccessIndexSql(string index, string heads, string entries, string chainHeads)
    {
        Index = index;
        Heads = heads;
        ReadIndexedTo = $"SELECT indexed_to FROM {heads} WHERE chain_id = @chain";
        ReadChainSize = $"SELECT size FROM {chainHeads} WHERE chain_id = @chain";
        string Keys(string column, AccessIndexKey kind) =>
            $"SELECT chain_id, sequence / {AccessIndexLayout.BlockSize} AS block, {(int)kind} AS kind, {column} AS key, occurred_at, sequence " +
            $"FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to";
        // Sorted, so the rows of a block go in as one run of pages; DO NOTHING lets two instances index the same range.
        InsertRange =
            $"INSERT INTO {index} (chain_id, block, kind, key, occurred_at, sequence) " +
            $"SELECT chain_id, block, kind, key, occurred_at, sequence FROM ({Keys("subject", AccessIndexKey.Subject)} UNION ALL {Keys("actor", AccessIndexKey.Actor)}) AS r " +
            "WHERE true ORDER BY block, kind, key, occurred_at, sequence ON CONFLICT DO NOTHING";
        MoveIndexedTo =
            $"INSERT INTO {heads} (chain_id, indexed_to) VALUES (@chain, @to) " +
            $"ON CONFLICT (chain_id) DO UPDATE SET indexed_to = excluded.indexed_to WHERE excluded.indexed_to > {LedgerTableNames.AccessIndexHeads}.indexed_to";
        // One statement, so one snapshot: the rows below indexed_to, then every entry from it on (the unindexed tail).
        Candidates = Enum.GetValues<AccessIndexKey>().ToDictionary(kind => kind, kind =>
            $"WITH RECURSIVE w(indexed_to) AS (SELECT COALESCE((SELECT indexed_to FROM {heads} WHERE chain_id = @chain), 0)), " +
            $"blocks(n) AS (SELECT 0 FROM w WHERE indexed_to > 0 UNION ALL SELECT n + 1 FROM blocks WHERE n < (SELECT (indexed_to - 1) / {AccessIndexLayout.BlockSize} FROM w)) " +
            $"SELECT r.sequence FROM blocks JOIN {index} r ON r.chain_id = @chain AND r.block = blocks.n AND r.kind = {(int)kind} AND r.key = @key " +
            "AND r.occurred_at >= @from AND r.occurred_at < @to AND r.sequence < (SELECT indexed_to FROM w) " +
            $"UNION ALL SELECT e.sequence FROM {entries} e WHERE e.chain_id = @chain AND e.sequence >= (SELECT indexed_to FROM w) " +
            $"AND e.{(kind == AccessIndexKey.Subject ? "subject" : "actor")} = @key AND e.occurred_at >= @from AND e.occurred_at < @to");
        // Every entry below indexed_to without its row (removed from the index), and every row that names no entry with that key (added).
        string Missing(string column, AccessIndexKey kind) =>
            $"SELECT e.sequence, {(int)kind} AS kind, e.{column} AS key FROM {entries} e WHERE e.chain_id = @chain AND e.sequence < @indexedTo AND NOT EXISTS " +
            $"(SELECT 1 FROM {index} r WHERE r.chain_id = e.chain_id AND r.block = e.sequence / {AccessIndexLayout.BlockSize} AND r.kind = {(int)kind} " +
            $"AND r.key = e.{column} AND r.occurred_at = e.occurred_at AND r.sequence = e.sequence)";
        ReadMissing = $"SELECT sequence, kind, key FROM ({Missing("subject", AccessIndexKey.Subject)} UNION ALL {Missing("actor", AccessIndexKey.Actor)}) AS m ORDER BY sequence, kind LIMIT @limit";
        ReadUnexpected =
            $"SELECT r.sequence, r.kind, r.key FROM {index} r WHERE r.chain_id = @chain AND NOT EXISTS (SELECT 1 FROM {entries} e " +
            $"WHERE e.chain_id = r.chain_id AND e.sequence = r.sequence AND r.block = e.sequence / {AccessIndexLayout.BlockSize} AND r.occurred_at = e.occurred_at " +
            $"AND ((r.kind = {(int)AccessIndexKey.Subject} AND r.key = e.subject) OR (r.kind = {(int)AccessIndexKey.Actor} AND r.key = e.actor))) " +
            "ORDER BY r.sequence, r.kind LIMIT @limit";
    }

    public string Index { get; }

    public string Heads { get; }

    public string ReadIndexedTo { get; }

    public string ReadChainSize { get; }

    /// <summary>Inserts the subject and actor rows of the entries in [<c>@from</c>, <c>@to</c>).</summary>
    public string InsertRange { get; }

    /// <summary>Moves the chain's indexed-to forward to <c>@to</c> (never back).</summary>
    public string MoveIndexedTo { get; }

    /// <summary>Per key kind: sequences of the entries whose key is <c>@key</c> with occurred-at in [<c>@from</c>, <c>@to</c>), from the index and the tail.</summary>
    public IReadOnlyDictionary<AccessIndexKey, string> Candidates { get; }

    public string ReadMissing { get; }

    public string ReadUnexpected { get; }

    public static AccessIndexSql For(DbContext context) => Cache.GetValue(context.Model, _ => new AccessIndexSql(
        LedgerSql.Table(context, typeof(AccessIndexRow)), LedgerSql.Table(context, typeof(AccessIndexHeadRow)),
        LedgerSql.Table(context, typeof(ComplianceKit.Ledger.LedgerEntry)), LedgerSql.Table(context, typeof(ChainHeadRow))));
}
