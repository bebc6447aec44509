using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the EF Core store to ComplianceKit.</summary>
public static class ComplianceKitBuilderExtensions
{
    /// <summary>
    /// Keeps the ledger in the host's <typeparamref name="TContext"/> (registered by the host with
    /// <c>AddDbContext</c>); <see cref="IComplianceLedger"/> is scoped like the context.
    /// </summary>
    public static ComplianceKitBuilder AddEntityFrameworkCoreStore<TContext>(this ComplianceKitBuilder builder)
        where TContext : DbContext, IComplianceKitDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<IComplianceLedger, EntityFrameworkLedger<TContext>>();
        return builder;
    }
}
