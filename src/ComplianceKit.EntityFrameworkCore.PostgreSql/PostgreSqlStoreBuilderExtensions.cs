using ComplianceKit.EntityFrameworkCore.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL dialect on ComplianceKit's EF Core store.</summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the ledger on PostgreSQL: every context of the store's type that the host's DI builds uses
    /// <see cref="PostgreSqlLedgerDialect"/>. The host still configures its context with <c>UseNpgsql(...)</c>.
    /// </summary>
    /// <returns>The ComplianceKit registration, to chain further.</returns>
    public static ComplianceKitBuilder UsePostgreSqlDialect(this EntityFrameworkCoreStoreBuilder store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.UseDialect(PostgreSqlLedgerDialect.Instance);
    }
}
