using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>Maps <see cref="MerkleNodeRow"/> to <c>ck_merkle_nodes</c>.</summary>
public sealed class MerkleNodeConfiguration : IEntityTypeConfiguration<MerkleNodeRow>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<MerkleNodeRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(LedgerTableNames.MerkleNodes);
        builder.HasKey(n => new { n.ChainId, n.Level, n.NodeIndex });
        builder.Property(n => n.ChainId).HasColumnName("chain_id").HasMaxLength(ComplianceKit.Ledger.LedgerLimits.MaxChainIdLength);
        builder.Property(n => n.Level).HasColumnName("level");
        builder.Property(n => n.NodeIndex).HasColumnName("node_index").ValueGeneratedNever();
        builder.Property(n => n.Hash).HasColumnName("hash");
    }
}
