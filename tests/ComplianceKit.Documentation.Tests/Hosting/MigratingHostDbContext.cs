using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>
/// A host that manages its schema with EF Core migrations: its own table and ComplianceKit's, created by the migration in
/// Migrations/ (made with <c>dotnet ef migrations add Initial</c>; see <see cref="MigrationHostTests"/> for regenerating it).
/// </summary>
public sealed class MigratingHostDbContext(DbContextOptions<MigratingHostDbContext> options) : DbContext(options), IComplianceKitDbContext
{
    /// <summary>The host's business data.</summary>
    public DbSet<Shipment> Shipments => Set<Shipment>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>().ToTable("shipments");
        modelBuilder.ApplyComplianceKit();
    }
}

/// <summary>A row of the host's business data.</summary>
public sealed class Shipment
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>What was shipped.</summary>
    public required string Name { get; set; }
}

/// <summary>Lets <c>dotnet ef</c> create the context at design time.</summary>
public sealed class MigratingHostDbContextFactory : IDesignTimeDbContextFactory<MigratingHostDbContext>
{
    /// <inheritdoc />
    public MigratingHostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MigratingHostDbContext>().UseSqlite("Data Source=design-time.db").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options);
}
