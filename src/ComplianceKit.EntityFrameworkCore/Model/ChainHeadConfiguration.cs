using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>Maps <see cref="ChainHeadRow"/> to <c>ck_chain_heads</c>.</summary>
public sealed class ChainHeadConfiguration : IEntityTypeConfiguration<ChainHeadRow>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ChainHeadRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(LedgerTableNames.ChainHeads);
        builder.HasKey(h => h.ChainId);
        builder.Property(h => h.ChainId).HasColumnName("chain_id").HasMaxLength(LedgerLimits.MaxChainIdLength);
        builder.Property(h => h.Size).HasColumnName("size");
        builder.Property(h => h.LastEntryHash).HasColumnName("last_entry_hash");
        builder.Property(h => h.LastRecordedAt).HasColumnName("last_recorded_at");
        builder.Property(h => h.Frontier).HasColumnName("frontier");
        builder.Property(h => h.TreeRoot).HasColumnName("tree_root");
        builder.Property(h => h.LockVersion).HasColumnName("lock_version");
    }
}
