using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>The side index's two tables in the host's model, and its one layout constant.</summary>
internal static class AccessIndexLayout
{
    /// <summary>Sequences per block: a block's rows are written in a few batches, so an index write dirties few pages.</summary>
    public const long BlockSize = 4096;

    /// <summary>
    /// Blocks per span: once a span's 65,536 entries are all indexed, its rows move into the span's first block, a key range
    /// per transaction beside the writer's batches (<see cref="AccessIndexMerger"/>), so a lookup probes one block per span
    /// of old entries, not sixteen.
    /// </summary>
    public const long BlocksPerSpan = 16;

    /// <summary>Sequences per span.</summary>
    public const long SpanSize = BlockSize * BlocksPerSpan;

    /// <summary>Rows of one block per merge step: a step moves about 15 times as many (some 4,000 rows), a few milliseconds of the write lock.</summary>
    public const int MergeStepRowsPerBlock = 256;

    /// <summary>
    /// Whether a row of <paramref name="sequence"/> in <paramref name="block"/> is where lookups find it: in its span's first
    /// block for a span below <paramref name="mergedTo"/> (lookups probe only that block); in its own block or its span's
    /// first block (a merge under way) otherwise, since lookups probe every block of such a span.
    /// </summary>
    public static bool IsPlaced(long block, long sequence, long mergedTo)
    {
        var first = sequence / SpanSize * BlocksPerSpan;
        return sequence < mergedTo ? block == first : block == first || block == sequence / BlockSize;
    }

    public static void Apply(ModelBuilder modelBuilder, string? schema)
    {
        modelBuilder.Entity<AccessIndexRow>(b =>
        {
            b.ToTable(LedgerTableNames.AccessIndex, schema);
            // Block first: keys that arrive together sit together, unlike a (subject) index whose random keys dirty a page each.
            b.HasKey(r => new { r.ChainId, r.Block, r.Kind, r.Key, r.OccurredAt, r.Sequence });
            b.Property(r => r.ChainId).HasColumnName("chain_id").HasMaxLength(LedgerLimits.MaxChainIdLength);
            b.Property(r => r.Block).HasColumnName("block").ValueGeneratedNever();
            b.Property(r => r.Kind).HasColumnName("kind").HasConversion<int>();
            b.Property(r => r.Key).HasColumnName("key").HasMaxLength(Math.Max(LedgerLimits.MaxSubjectLength, LedgerLimits.MaxActorLength));
            b.Property(r => r.OccurredAt).HasColumnName("occurred_at");
            b.Property(r => r.Sequence).HasColumnName("sequence");
        });
        modelBuilder.Entity<AccessIndexHeadRow>(b =>
        {
            b.ToTable(LedgerTableNames.AccessIndexHeads, schema);
            b.HasKey(h => h.ChainId);
            b.Property(h => h.ChainId).HasColumnName("chain_id").HasMaxLength(LedgerLimits.MaxChainIdLength);
            b.Property(h => h.IndexedTo).HasColumnName("indexed_to");
            b.Property(h => h.MergedTo).HasColumnName("merged_to");
            b.Property(h => h.MergeKind).HasColumnName("merge_kind");
            b.Property(h => h.MergedKey).HasColumnName("merged_key").HasMaxLength(Math.Max(LedgerLimits.MaxSubjectLength, LedgerLimits.MaxActorLength));
        });
    }
}
