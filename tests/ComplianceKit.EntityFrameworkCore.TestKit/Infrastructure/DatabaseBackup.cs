namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>
/// A real copy of a <see cref="TestDatabase"/>, as an operator's backup is, made by its engine (SQLite's online backup into
/// another file, a PostgreSQL database created from the original as its template). <see cref="RestoreAsync"/> puts the copy
/// back in place of the original.
/// </summary>
public sealed class DatabaseBackup : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _copy;

    private DatabaseBackup(TestDatabase database, string copy)
    {
        _database = database;
        _copy = copy;
    }

    /// <summary>Copies <paramref name="database"/> as it is now (no connection of the test may be open on server engines).</summary>
    public static async Task<DatabaseBackup> TakeAsync(TestDatabase database) =>
        new(database, await database.Engine.BackUpAsync(database.ConnectionString));

    /// <summary>Replaces the database with the copy, as restoring a backup does; every pooled connection is closed first.</summary>
    public Task RestoreAsync() => _database.Engine.RestoreAsync(_database.ConnectionString, _copy);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _database.Engine.DeleteBackupAsync(_database.ConnectionString, _copy);
}
