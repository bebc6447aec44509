using ComplianceKit.EntityFrameworkCore.Dialects;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore;

/// <summary>Creates ComplianceKit's tables for apps that do not use migrations (tools, demos, tests).</summary>
public static class ComplianceKitDatabase
{
    /// <summary>
    /// Creates the database and its tables if they do not exist, then lets the context's dialect configure it (on
    /// SQLite it turns on WAL, so readers do not block the writer and a crash mid-append leaves the last committed state).
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no ComplianceKit dialect.</exception>
    public static async Task EnsureCreatedAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dialect = LedgerDialects.Of(context);
        await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await dialect.ConfigureDatabaseAsync(context, cancellationToken).ConfigureAwait(false);
    }
}
