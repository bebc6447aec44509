namespace ComplianceKit.EntityFrameworkCore;

/// <summary>
/// Marks the host's own DbContext as holding ComplianceKit's tables. Implement it (no members are
/// required) and call <c>modelBuilder.ApplyComplianceKit()</c> in <c>OnModelCreating</c>; the host keeps
/// its own base class, conventions and migrations.
/// </summary>
/// <example>
/// <code>
/// public sealed class AppDbContext(DbContextOptions&lt;AppDbContext&gt; options) : DbContext(options), IComplianceKitDbContext
/// {
///     protected override void OnModelCreating(ModelBuilder b) => b.ApplyComplianceKit(schema: "compliance");
/// }
/// </code>
/// </example>
#pragma warning disable CA1040 // A marker interface is the point: the host's context needs no new members.
public interface IComplianceKitDbContext
{
}
#pragma warning restore CA1040
