using ComplianceKit.EntityFrameworkCore.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Ledger;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds ComplianceKit's tables to a host's EF Core model.</summary>
public static class ComplianceKitModelBuilderExtensions
{
    /// <summary>
    /// Applies ComplianceKit's entity configurations to the host's model, leaving the rest of the model
    /// to the host. Call it from <c>OnModelCreating</c> of a context that implements
    /// <c>IComplianceKitDbContext</c>.
    /// </summary>
    /// <param name="modelBuilder">The host's model builder.</param>
    /// <param name="schema">The schema for ComplianceKit's tables, on PostgreSQL only: SQLite has no schemas, ignores it and logs a warning per table.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ModelBuilder ApplyComplianceKit(this ModelBuilder modelBuilder, string? schema = null) =>
        modelBuilder.ApplyComplianceKit(o => o.Schema = schema);

    /// <summary>
    /// Applies ComplianceKit's entity configurations with the given <see cref="ComplianceKitModelOptions"/>
    /// (schema, and whether subjects and actors are indexed).
    /// </summary>
    /// <param name="modelBuilder">The host's model builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ModelBuilder ApplyComplianceKit(this ModelBuilder modelBuilder, Action<ComplianceKitModelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ComplianceKitModelOptions();
        configure(options);
        var schema = options.Schema;
        modelBuilder.ApplyConfiguration(new LedgerEntryConfiguration(options.IndexSubjectsAndActors));
        modelBuilder.ApplyConfiguration(new ChainHeadConfiguration());
        modelBuilder.ApplyConfiguration(new MerkleNodeConfiguration());
        LedgerDbFunctions.Register(modelBuilder);
        ProjectionModel.Apply(modelBuilder, string.IsNullOrEmpty(schema) ? null : schema);
        AccessIndexLayout.Apply(modelBuilder, string.IsNullOrEmpty(schema) ? null : schema);
        if (!string.IsNullOrEmpty(schema))
        {
            modelBuilder.Entity<LedgerEntry>().ToTable(LedgerTableNames.Entries, schema);
            modelBuilder.Entity<ChainHeadRow>().ToTable(LedgerTableNames.ChainHeads, schema);
            modelBuilder.Entity<MerkleNodeRow>().ToTable(LedgerTableNames.MerkleNodes, schema);
        }

        return modelBuilder;
    }
}
