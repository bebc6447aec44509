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

    /// <summary>Creates a standalone context over a SQLite file, for tools and scripts.</summary>
    public static ComplianceKitDbContext ForSqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var options = new DbContextOptionsBuilder<ComplianceKitDbContext>()
            .UseSqlite($"Data Source={databasePath};Pooling=True")
            .Options;
        return new ComplianceKitDbContext(options);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit();
}
