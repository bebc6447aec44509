using ComplianceKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.AspNetCore.SampleApp;

/// <summary>The clinic's own context, keeping the ledger beside its patients.</summary>
public sealed class ClinicDbContext(DbContextOptions<ClinicDbContext> options) : DbContext(options), IComplianceKitDbContext
{
    /// <summary>The patients.</summary>
    public DbSet<Patient> Patients => Set<Patient>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Patient>().Property(p => p.Id).ValueGeneratedNever();
        modelBuilder.ApplyComplianceKit();
    }
}
