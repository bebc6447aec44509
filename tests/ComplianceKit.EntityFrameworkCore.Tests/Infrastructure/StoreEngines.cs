namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>The engines the store test kit runs on, by name.</summary>
public static class StoreEngines
{
    private static readonly IStoreEngine[] All = [new SqliteStoreEngine(), new PostgresStoreEngine()];

    /// <summary>The engine called <paramref name="name"/>.</summary>
    public static IStoreEngine Named(string name) =>
        All.FirstOrDefault(e => e.Name == name) ?? throw new ArgumentException($"No store engine '{name}' in the test kit.", nameof(name));
}
