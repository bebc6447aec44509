using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>The engines this project runs the store test kit on (the web app's tests run on them too).</summary>
public static class StoreEngines
{
    /// <summary>SQLite: a new file per database.</summary>
    public static IStoreEngine Sqlite { get; } = new SqliteStoreEngine();

    /// <summary>PostgreSQL: a fresh database per test on the configured server.</summary>
    public static IStoreEngine Postgres { get; } = new PostgresStoreEngine();
}
