using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore;

/// <summary>
/// A ready DbContext for apps that keep compliance data apart from their own model (and for the
/// command-line tool). Apps that want audit entries in their business transactions implement
/// <see cref="IComplianceKitDbContext"/> on their own context instead.
/// </summary>
public class ComplianceKitDbContext : DbContext, IComplianceKitDbContext
{
    /// <summary>Creates the context with the given options.</summary>
    public ComplianceKitDbContext(DbContextOptions<ComplianceKitDbContext> options) : base(options)
    {
    }

    /// <summary>Creates the context for derived types with their own options.</summary>
    protected ComplianceKitDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit();
}
