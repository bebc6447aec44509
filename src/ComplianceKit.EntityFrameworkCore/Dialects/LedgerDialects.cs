using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>Finds the dialect a context was configured with.</summary>
internal static class LedgerDialects
{
    /// <exception cref="InvalidOperationException">The context's options name no dialect.</exception>
    public static ILedgerDialect Of(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<LedgerDialectOptionsExtension>()?.Dialect
            ?? throw new InvalidOperationException(
                $"The context {context.GetType().Name} has no ComplianceKit dialect: register the store with " +
                ".AddEntityFrameworkCoreStore<TContext>().UseSqliteDialect() (or .UsePostgreSqlDialect()), or add " +
                "UseComplianceKitDialect(...) to the options of a context built by hand.");
}
