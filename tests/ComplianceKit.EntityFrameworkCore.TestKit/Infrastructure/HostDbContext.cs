using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>A host application's own context: its business table plus ComplianceKit's, in a schema of its choosing.</summary>
public sealed class HostDbContext(DbContextOptions<HostDbContext> options, string? schema, bool indexSubjectsAndActors = false)
    : DbContext(options), IComplianceKitDbContext
{
    /// <summary>Whether the ledger table indexes subjects and actors in this model.</summary>
    public bool IndexSubjectsAndActors => indexSubjectsAndActors;

    /// <summary>The host's business data.</summary>
    public DbSet<Release> Releases => Set<Release>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Release>().ToTable("releases");
        modelBuilder.ApplyComplianceKit(o =>
        {
            o.Schema = schema;
            o.IndexSubjectsAndActors = indexSubjectsAndActors;
        });
    }
}

/// <summary>A row of the host's business data.</summary>
public sealed class Release
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The release name.</summary>
    public required string Name { get; set; }
}
