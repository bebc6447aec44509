using ComplianceKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>A host's context as the README registers it (<c>AddDbContextFactory</c>), with the ledger's default model.</summary>
internal sealed class PublishingContext(DbContextOptions<PublishingContext> options) : DbContext(options), IComplianceKitDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit();
}
