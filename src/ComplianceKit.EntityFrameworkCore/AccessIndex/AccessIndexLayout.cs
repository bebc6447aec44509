using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>The side index's two tables in the host's model, and its one layout constant.</summary>
internal static class AccessIndexLayout
{
    /// <summary>Sequences per block: a block's rows are written in a few batches, so an index write dirties few pages.</summary>
    public const long BlockSize = 4096;

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
