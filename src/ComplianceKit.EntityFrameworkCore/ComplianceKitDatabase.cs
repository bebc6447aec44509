using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore;

/// <summary>Creates ComplianceKit's tables for apps that do not use migrations (tools, demos, tests).</summary>
public static class ComplianceKitDatabase
{
    /// <summary>
    /// Creates the database and its tables if they do not exist. On SQLite it also turns on WAL, so
    /// readers do not block the writer and a crash mid-append leaves the last committed state.
    /// </summary>
    public static async Task EnsureCreatedAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (context.Database.IsSqlite())
        {
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }
    }
}
