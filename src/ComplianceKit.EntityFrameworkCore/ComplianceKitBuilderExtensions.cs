using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the EF Core store to ComplianceKit.</summary>
public static class ComplianceKitBuilderExtensions
{
    /// <summary>
    /// Keeps the ledger in the host's <typeparamref name="TContext"/> (registered by the host with
    /// <c>AddDbContext</c>); <see cref="IComplianceLedger"/> and <see cref="IRetentionLedger"/> are scoped like the context, and so are the
    /// compliance projection (<see cref="ComplianceProjection{TContext}"/>) and its queries (<see cref="IComplianceQueries"/>). The
    /// writers and the evidence bundle exporter <c>AddComplianceKit</c> registers (approvals, roles, trust anchors, evidence) use
    /// this ledger, so they join the context's open transaction like any append. Complete it with
    /// the database's dialect (<c>.UseSqliteDialect()</c> from ComplianceKit.EntityFrameworkCore.Sqlite,
    /// <c>.UsePostgreSqlDialect()</c> from ComplianceKit.EntityFrameworkCore.PostgreSql), which returns the <see cref="ComplianceKitBuilder"/>.
    /// </summary>
    public static EntityFrameworkCoreStoreBuilder AddEntityFrameworkCoreStore<TContext>(this ComplianceKitBuilder builder)
        where TContext : DbContext, IComplianceKitDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<IComplianceLedger, EntityFrameworkLedger<TContext>>();
        builder.Services.TryAddScoped<IRetentionLedger, EntityFrameworkRetention<TContext>>();
        builder.Services.TryAddScoped<IComplianceQueries, EntityFrameworkComplianceQueries<TContext>>();
        builder.Services.TryAddScoped<ComplianceProjection<TContext>>();
        return EntityFrameworkCoreStoreBuilder.For<TContext>(builder);
    }
}
