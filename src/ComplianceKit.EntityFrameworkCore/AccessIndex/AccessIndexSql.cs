using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Model;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// The side index's SQL, one text for every engine (integer division, a recursive CTE, <c>ON CONFLICT</c> on the heads), written once
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
        ReadMergedTo = $"SELECT merged_to FROM {heads} WHERE chain_id = @chain";
        ReadMergeState = $"SELECT indexed_to, merged_to, merge_kind, merged_key FROM {heads} WHERE chain_id = @chain";
        string Keys(string block, string column, AccessIndexKey kind) =>
            $"SELECT chain_id, {block} AS block, {(int)kind} AS kind, {column} AS key, occurred_at, sequence " +
            $"FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to";
        // Sorted, so the rows of a block go in as one run of pages. No ON CONFLICT: every index write holds the head row
        // (LockHead) and reads indexed_to after taking it, so no two writers insert one range, and PostgreSQL's speculative
        // insertion doubled the cost of these inserts (about half the server's time in an access storm went to this index).
        string Insert(string block) =>
            $"INSERT INTO {index} (chain_id, block, kind, key, occurred_at, sequence) " +
            $"SELECT chain_id, block, kind, key, occurred_at, sequence FROM ({Keys(block, "subject", AccessIndexKey.Subject)} UNION ALL {Keys(block, "actor", AccessIndexKey.Actor)}) AS r " +
            "WHERE true ORDER BY block, kind, key, occurred_at, sequence";
        _insertRange = [Insert($"sequence / {AccessIndexLayout.BlockSize}"), Insert($"sequence / {AccessIndexLayout.SpanSize} * {AccessIndexLayout.BlocksPerSpan}")];
        MoveIndexedTo =
            $"INSERT INTO {heads} ({HeadColumns}) VALUES (@chain, @to, 0, 0, '') " +
            $"ON CONFLICT (chain_id) DO UPDATE SET indexed_to = excluded.indexed_to WHERE excluded.indexed_to > {LedgerTableNames.AccessIndexHeads}.indexed_to";
        // Taken first by every index write: on PostgreSQL two writers (the access log, IndexAccessTrailAsync) then index one after the other.
        LockHead =
            $"INSERT INTO {heads} ({HeadColumns}) VALUES (@chain, 0, 0, 0, '') " +
            $"ON CONFLICT (chain_id) DO UPDATE SET indexed_to = {LedgerTableNames.AccessIndexHeads}.indexed_to";
        // A merge step: the key after which the next chunk ends, read from one block of the span (blocks are alike, so about
        // BlocksPerSpan - 1 times MergeStepRowsPerBlock rows move); then those rows go into the span's first block, sorted, and leave
        // their own blocks. Blocks by IN, so every engine seeks each block's key range instead of scanning the span.
        MergeBoundary =
            $"SELECT key FROM {index} WHERE chain_id = @chain AND block = @first + 1 AND kind = @kind AND key > @after " +
            $"ORDER BY key LIMIT 1 OFFSET {AccessIndexLayout.MergeStepRowsPerBlock - 1}";
        var spanBlocks = string.Join(", ", Enumerable.Range(1, (int)AccessIndexLayout.BlocksPerSpan - 1).Select(i => $"@first + {i}"));
        string Chunk(bool bounded) => $"WHERE chain_id = @chain AND block IN ({spanBlocks}) AND kind = @kind AND key > @after{(bounded ? " AND key <= @upto" : "")}";
        (string, string) Merge(bool bounded) => (
            $"INSERT INTO {index} (chain_id, block, kind, key, occurred_at, sequence) " +
            $"SELECT chain_id, @first, kind, key, occurred_at, sequence FROM {index} {Chunk(bounded)} ORDER BY key, occurred_at, sequence",
            $"DELETE FROM {index} {Chunk(bounded)}");
        MergeChunk = [Merge(bounded: false), Merge(bounded: true)];
        MoveMerge = $"UPDATE {heads} SET merged_to = @mergedTo, merge_kind = @kind, merged_key = @key WHERE chain_id = @chain";
        // One statement, so one snapshot: one probe per merged span and per block past them, then the entries from indexed_to on
        // (the unindexed tail, read by sequence range only). CROSS JOIN keeps the blocks the outer loop on SQLite: with a plain
        // JOIN, SQLite 3.4x (e_sqlite3) made the index the outer loop, seeking only by chain_id, i.e. it read every index row of
        // the chain for each lookup (seconds at 1,000,000 events; PostgreSQL plans a CROSS JOIN with WHERE like any join).
        // The tail's upper bound (always true) is for PostgreSQL: with only a lower bound it cannot know (a sub-select) the planner
        // guesses a third of the chain and scans the whole table in parallel (0.4-0.9 s at 1,000,000); a range with both ends
        // is guessed at 0.5 %, and it seeks the primary key.
        Candidates = Enum.GetValues<AccessIndexKey>().ToDictionary(kind => kind, kind =>
            $"WITH RECURSIVE w(indexed_to, merged, last) AS (SELECT h, CASE WHEN m < h THEN m ELSE h END / {AccessIndexLayout.SpanSize} * {AccessIndexLayout.BlocksPerSpan}, (h - 1) / {AccessIndexLayout.BlockSize} " +
            $"FROM (SELECT COALESCE((SELECT indexed_to FROM {heads} WHERE chain_id = @chain), 0) AS h, COALESCE((SELECT merged_to FROM {heads} WHERE chain_id = @chain), 0) AS m) AS x), " +
            $"blocks(n) AS (SELECT 0 FROM w WHERE indexed_to > 0 UNION ALL SELECT n + CASE WHEN n < w.merged THEN {AccessIndexLayout.BlocksPerSpan} ELSE 1 END FROM blocks, w " +
            $"WHERE n + CASE WHEN n < w.merged THEN {AccessIndexLayout.BlocksPerSpan} ELSE 1 END <= w.last) " +
            $"SELECT r.sequence FROM blocks CROSS JOIN {index} r WHERE r.chain_id = @chain AND r.block = blocks.n AND r.kind = {(int)kind} AND r.key = @key " +
            "AND r.occurred_at >= @from AND r.occurred_at < @to AND r.sequence < (SELECT indexed_to FROM w) " +
            $"UNION ALL SELECT e.sequence FROM {entries} e WHERE e.chain_id = @chain AND e.sequence >= (SELECT indexed_to FROM w) AND e.sequence <= {long.MaxValue} " +
            $"AND e.{(kind == AccessIndexKey.Subject ? "subject" : "actor")} = @key AND e.occurred_at >= @from AND e.occurred_at < @to");
        // The check reads both sides by primary-key range, a step of blocks at a time, and matches them in memory (AccessIndexVerifier).
        ReadEntryKeys = $"SELECT sequence, subject, actor, occurred_at FROM {entries} WHERE chain_id = @chain AND sequence >= @from AND sequence < @to ORDER BY sequence";
        ReadRows = $"SELECT block, kind, key, occurred_at, sequence FROM {index} WHERE chain_id = @chain AND block >= @from AND block < @to";
        ReadLastBlock = $"SELECT MAX(block) FROM {index} WHERE chain_id = @chain";
        _readEntries = $"SELECT {Dialects.LedgerColumns.Entry} FROM {entries} WHERE chain_id = @chain AND sequence IN (";
    }

    private readonly string _readEntries;

    private readonly string[] _insertRange;

    private const string HeadColumns = "chain_id, indexed_to, merged_to, merge_kind, merged_key";

    public string Index { get; }

    public string Heads { get; }

    public string ReadIndexedTo { get; }

    public string ReadChainSize { get; }

    /// <summary>
    /// Inserts the subject and actor rows of the entries in [<c>@from</c>, <c>@to</c>): each into its own block, or, for a dialect
    /// that <paramref name="bySpan"/> (<see cref="Dialects.ILedgerDialect.WritesAccessIndexBySpan"/>), into its span's first block.
    /// </summary>
    public string InsertRange(bool bySpan) => _insertRange[bySpan ? 1 : 0];

    /// <summary>Moves the chain's indexed-to forward to <c>@to</c> (never back).</summary>
    public string MoveIndexedTo { get; }

    /// <summary>Takes the chain's index-head row (creating it at zero), so index writes of two writers do not interleave.</summary>
    public string LockHead { get; }

    /// <summary>The key of kind <c>@kind</c> that ends the next merge chunk of the span whose first block is <c>@first</c>, after <c>@after</c> (none: the kind's last chunk).</summary>
    public string MergeBoundary { get; }

    /// <summary>
    /// Insert into the first block and delete from the others, the span's rows of kind <c>@kind</c> with key past <c>@after</c>:
    /// [0] every such key, [1] up to <c>@upto</c>.
    /// </summary>
    public IReadOnlyList<(string Insert, string Delete)> MergeChunk { get; }

    /// <summary>Records where merging stands: <c>@mergedTo</c>, and in the span there, <c>@kind</c> up to <c>@key</c>.</summary>
    public string MoveMerge { get; }

    /// <summary>The sequence below which every span is merged (none: zero).</summary>
    public string ReadMergedTo { get; }

    /// <summary>indexed_to, merged_to, merge_kind and merged_key of the chain.</summary>
    public string ReadMergeState { get; }

    /// <summary>Per key kind: sequences of the entries whose key is <c>@key</c> with occurred-at in [<c>@from</c>, <c>@to</c>), from the index and the tail.</summary>
    public IReadOnlyDictionary<AccessIndexKey, string> Candidates { get; }

    /// <summary>Sequence, subject, actor and occurred-at of the entries in [<c>@from</c>, <c>@to</c>).</summary>
    public string ReadEntryKeys { get; }

    /// <summary>The rows of the blocks in [<c>@from</c>, <c>@to</c>).</summary>
    public string ReadRows { get; }

    /// <summary>The highest block holding a row (none: no row).</summary>
    public string ReadLastBlock { get; }

    /// <summary>
    /// The entries of <paramref name="sequences"/> (the candidates' own numbers, written inline: no JSON parameter to expand, which
    /// EF Core's <c>Contains</c> sends, and a statement the engine plans as primary-key seeks).
    /// </summary>
    public string ReadEntries(IEnumerable<long> sequences) =>
        _readEntries + string.Join(",", sequences.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";

    public static AccessIndexSql For(DbContext context) => Cache.GetValue(context.Model, _ => new AccessIndexSql(
        LedgerSql.Table(context, typeof(AccessIndexRow)), LedgerSql.Table(context, typeof(AccessIndexHeadRow)),
        LedgerSql.Table(context, typeof(ComplianceKit.Ledger.LedgerEntry)), LedgerSql.Table(context, typeof(ChainHeadRow))));
}
