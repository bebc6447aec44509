using ComplianceKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>A host's context whose ledger table also indexes subjects and actors: the default before the access side index.</summary>
internal sealed class EntryIndexesContext(DbContextOptions options) : DbContext(options), IComplianceKitDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyComplianceKit(o => o.IndexSubjectsAndActors = true);
}
