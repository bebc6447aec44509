using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// One database engine under the store test kit: how to make and drop an empty database, and how a context reaches it
/// with its dialect. Adding an engine (SQL Server) means one class implementing this, registered in
/// <see cref="StoreEngines"/>, and a one-line subclass of each abstract store suite naming it.
/// </summary>
public interface IStoreEngine
{
    /// <summary>The engine's name in test output and in the writer process's arguments ("sqlite", "postgres").</summary>
    string Name { get; }

    /// <summary>A schema the host's model puts ComplianceKit's tables in, proving host schemas work; <see langword="null"/> where the engine has none.</summary>
    string? Schema { get; }

    /// <summary>Why this engine's tests skip on this machine (no server configured), or <see langword="null"/>. CI never skips.</summary>
    string? SkipReason { get; }

    /// <summary>Creates a new empty database (on <paramref name="server"/>, or the engine's test server) and returns its connection string.</summary>
    Task<string> CreateDatabaseAsync(string? server = null);

    /// <summary>Drops the database <see cref="CreateDatabaseAsync"/> made, releasing pooled connections first.</summary>
    Task DropDatabaseAsync(string connectionString);

    /// <summary>Points <paramref name="builder"/> at <paramref name="connectionString"/> with the engine's provider and ComplianceKit dialect.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);
}
