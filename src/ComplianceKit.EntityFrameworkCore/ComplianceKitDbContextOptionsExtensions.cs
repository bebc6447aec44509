using ComplianceKit.EntityFrameworkCore.Dialects;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Names the ComplianceKit dialect on a context's options.</summary>
public static class ComplianceKitDbContextOptionsExtensions
{
    /// <summary>
    /// Sets the <see cref="ILedgerDialect"/> ComplianceKit uses on contexts built from these options. Hosts that register
    /// their context with DI use the store registration's <c>.UseSqliteDialect()</c> or <c>.UsePostgreSqlDialect()</c>
    /// instead, which calls this for them; tools and tests that build options by hand call it after the provider.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="dialect">The dialect matching the provider the options use.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder UseComplianceKitDialect(this DbContextOptionsBuilder optionsBuilder, ILedgerDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(dialect);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new LedgerDialectOptionsExtension(dialect));
        if (dialect.ConnectionInterceptor is { } interceptor)
        {
            optionsBuilder.AddInterceptors(interceptor);
        }

        return optionsBuilder;
    }

    /// <inheritdoc cref="UseComplianceKitDialect(DbContextOptionsBuilder, ILedgerDialect)"/>
    public static DbContextOptionsBuilder<TContext> UseComplianceKitDialect<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, ILedgerDialect dialect)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseComplianceKitDialect((DbContextOptionsBuilder)optionsBuilder, dialect);
}
