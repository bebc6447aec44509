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
    /// Blocks per span: once a span's 65,536 entries are all indexed, its rows move into the span's first block (in the
    /// transaction that indexes its last entry), so a lookup probes one block per span of old entries, not sixteen.
    /// </summary>
    public const long BlocksPerSpan = 16;

    /// <summary>Sequences per span.</summary>
    public const long SpanSize = BlockSize * BlocksPerSpan;

    /// <summary>The first sequence whose rows are not merged into their span: every span wholly below the index's head is.</summary>
    public static long MergedTo(long indexedTo) => indexedTo / SpanSize * SpanSize;

    /// <summary>The block a row of <paramref name="sequence"/> sits in while the index reaches <paramref name="indexedTo"/>.</summary>
    public static long BlockOf(long sequence, long indexedTo) =>
        sequence < MergedTo(indexedTo) ? sequence / SpanSize * BlocksPerSpan : sequence / BlockSize;

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
        });
    }
}
