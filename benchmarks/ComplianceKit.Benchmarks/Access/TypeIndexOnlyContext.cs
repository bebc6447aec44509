using ComplianceKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>A host's context whose ledger table keeps only its type index (no subject or actor index).</summary>
internal sealed class TypeIndexOnlyContext(DbContextOptions options) : DbContext(options), IComplianceKitDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyComplianceKit(o => o.IndexSubjectsAndActors = false);
}
