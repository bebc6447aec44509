using ComplianceKit.EntityFrameworkCore.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite dialect on ComplianceKit's EF Core store.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the ledger on SQLite: every context of the store's type that the host's DI builds uses
    /// <see cref="SqliteLedgerDialect"/>. The host still configures its context with <c>UseSqlite(...)</c>.
    /// </summary>
    /// <returns>The ComplianceKit registration, to chain further.</returns>
    public static ComplianceKitBuilder UseSqliteDialect(this EntityFrameworkCoreStoreBuilder store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.UseDialect(SqliteLedgerDialect.Instance);
    }
}
