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
        // Taken first by every index write: on PostgreSQL two writers (the access log, IndexAccessTrailAsync) then index one after the other.
        LockHead =
            $"INSERT INTO {heads} (chain_id, indexed_to) VALUES (@chain, 0) " +
            $"ON CONFLICT (chain_id) DO UPDATE SET indexed_to = {LedgerTableNames.AccessIndexHeads}.indexed_to";
        // A span's rows go into its first block, sorted, so they sit in one run of pages; then its other blocks are emptied.
        MergeSpan =
            $"INSERT INTO {index} (chain_id, block, kind, key, occurred_at, sequence) " +
            $"SELECT chain_id, @first, kind, key, occurred_at, sequence FROM {index} WHERE chain_id = @chain AND block > @first AND block < @end " +
            "ORDER BY kind, key, occurred_at, sequence ON CONFLICT DO NOTHING";
        DeleteMerged = $"DELETE FROM {index} WHERE chain_id = @chain AND block > @first AND block < @end";
        // One statement, so one snapshot: one probe per merged span and per block past them, then the entries from indexed_to on
        // (the unindexed tail, read by sequence range only).
        Candidates = Enum.GetValues<AccessIndexKey>().ToDictionary(kind => kind, kind =>
            $"WITH RECURSIVE w(indexed_to, merged, last) AS (SELECT h, h / {AccessIndexLayout.SpanSize} * {AccessIndexLayout.BlocksPerSpan}, (h - 1) / {AccessIndexLayout.BlockSize} " +
            $"FROM (SELECT COALESCE((SELECT indexed_to FROM {heads} WHERE chain_id = @chain), 0) AS h) AS x), " +
            $"blocks(n) AS (SELECT 0 FROM w WHERE indexed_to > 0 UNION ALL SELECT n + CASE WHEN n < w.merged THEN {AccessIndexLayout.BlocksPerSpan} ELSE 1 END FROM blocks, w " +
            $"WHERE n + CASE WHEN n < w.merged THEN {AccessIndexLayout.BlocksPerSpan} ELSE 1 END <= w.last) " +
            $"SELECT r.sequence FROM blocks JOIN {index} r ON r.chain_id = @chain AND r.block = blocks.n AND r.kind = {(int)kind} AND r.key = @key " +
            "AND r.occurred_at >= @from AND r.occurred_at < @to AND r.sequence < (SELECT indexed_to FROM w) " +
            $"UNION ALL SELECT e.sequence FROM {entries} e WHERE e.chain_id = @chain AND e.sequence >= (SELECT indexed_to FROM w) " +
            $"AND e.{(kind == AccessIndexKey.Subject ? "subject" : "actor")} = @key AND e.occurred_at >= @from AND e.occurred_at < @to");
        // The check reads both sides by primary-key range, a step of blocks at a time, and matches them in memory (AccessIndexVerifier).
        ReadEntryKeys = $"SELECT sequence, subject, actor, occurred_at FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadRows = $"SELECT block, kind, key, occurred_at, sequence FROM {index} WHERE chain_id = @chain AND block >= @from AND block < @to";
        ReadLastBlock = $"SELECT MAX(block) FROM {index} WHERE chain_id = @chain";
    }

    public string Index { get; }

    public string Heads { get; }

    public string ReadIndexedTo { get; }

    public string ReadChainSize { get; }

    /// <summary>Inserts the subject and actor rows of the entries in [<c>@from</c>, <c>@to</c>).</summary>
    public string InsertRange { get; }

    /// <summary>Moves the chain's indexed-to forward to <c>@to</c> (never back).</summary>
    public string MoveIndexedTo { get; }

    /// <summary>Takes the chain's index-head row (creating it at zero), so index writes of two writers do not interleave.</summary>
    public string LockHead { get; }

    /// <summary>Moves the rows of the span whose first block is <c>@first</c> (blocks below <c>@end</c>) into that block.</summary>
    public string MergeSpan { get; }

    /// <summary>Deletes the rows of a span's blocks other than its first, once <see cref="MergeSpan"/> copied them.</summary>
    public string DeleteMerged { get; }

    /// <summary>Per key kind: sequences of the entries whose key is <c>@key</c> with occurred-at in [<c>@from</c>, <c>@to</c>), from the index and the tail.</summary>
    public IReadOnlyDictionary<AccessIndexKey, string> Candidates { get; }

    /// <summary>Sequence, subject, actor and occurred-at of the entries in [<c>@from</c>, <c>@to</c>).</summary>
    public string ReadEntryKeys { get; }

    /// <summary>The rows of the blocks in [<c>@from</c>, <c>@to</c>).</summary>
    public string ReadRows { get; }

    /// <summary>The highest block holding a row (none: no row).</summary>
    public string ReadLastBlock { get; }

    public static AccessIndexSql For(DbContext context) => Cache.GetValue(context.Model, _ => new AccessIndexSql(
        LedgerSql.Table(context, typeof(AccessIndexRow)), LedgerSql.Table(context, typeof(AccessIndexHeadRow)),
        LedgerSql.Table(context, typeof(ComplianceKit.Ledger.LedgerEntry)), LedgerSql.Table(context, typeof(ChainHeadRow))));
}
