using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore;

/// <summary>Standalone SQLite contexts for tools and scripts that do not use DI.</summary>
public static class ComplianceKitSqlite
{
    /// <summary>A standalone <see cref="ComplianceKitDbContext"/> over the SQLite file at <paramref name="databasePath"/>, with the SQLite dialect.</summary>
    public static ComplianceKitDbContext CreateDbContext(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var options = new DbContextOptionsBuilder<ComplianceKitDbContext>()
            .UseSqlite($"Data Source={databasePath};Pooling=True")
            .UseComplianceKitDialect(SqliteLedgerDialect.Instance)
            .Options;
        return new ComplianceKitDbContext(options);
    }
}
