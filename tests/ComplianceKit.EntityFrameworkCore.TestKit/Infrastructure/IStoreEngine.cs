using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>
/// One database engine under the store test kit: how to make and drop an empty database, how a context reaches it with its
/// dialect, and the few things the suites do outside the library (a trigger that refuses a write, a backup put back).
/// Adding an engine (SQL Server) means one class implementing this in the dialect's test project, and a one-line subclass of
/// each abstract suite of the kit naming it (docs/ARCHITECTURE.md, "Adding a dialect").
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

    /// <summary>The ComplianceKit dialect <see cref="Configure"/> gives the contexts.</summary>
    ComplianceKit.EntityFrameworkCore.Dialects.ILedgerDialect Dialect { get; }

    /// <summary>Points <paramref name="builder"/> at <paramref name="connectionString"/> with the engine's provider and ComplianceKit dialect.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>
    /// SQL that creates trigger <paramref name="trigger"/> on <paramref name="table"/> (qualified as the suites name it),
    /// refusing every inserted row for which <paramref name="condition"/> holds (written over the new row as <c>NEW</c>, for
    /// example <c>NEW.entry_type = 'retention.purged'</c>) with an error carrying <paramref name="message"/>: how the suites
    /// make a write fail inside the database.
    /// </summary>
    string RefuseInsertSql(string trigger, string table, string condition, string message);

    /// <summary>Copies the database as it is now, as an operator's backup does, and returns where the copy is (a path, a database name).</summary>
    Task<string> BackUpAsync(string connectionString);

    /// <summary>Replaces the database with the copy <see cref="BackUpAsync"/> made, closing every pooled connection first.</summary>
    Task RestoreAsync(string connectionString, string backup);

    /// <summary>Removes the copy <see cref="BackUpAsync"/> made.</summary>
    Task DeleteBackupAsync(string connectionString, string backup);
}
