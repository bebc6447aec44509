using ComplianceKit.Cli.Files;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli;

/// <summary>
/// Opens a ledger database file, read-only for checks or writable for retention, with clear errors for what is not one; the one
/// place the tool opens a ledger. Its services are the tool's host (<see cref="CliHost"/>), scoped to this database.
/// </summary>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private LedgerDatabase(ServiceProvider provider, ReadOnlyLedgerConnection? readOnly = null)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
        Context = Services.GetRequiredService<ComplianceKitDbContext>();
        Ledger = (EntityFrameworkLedger<ComplianceKitDbContext>)Services.GetRequiredService<IComplianceLedger>();
        ReadOnly = readOnly;
    }

    /// <summary>How a read-only ledger was opened (for the report); null when opened for writing.</summary>
    public ReadOnlyLedgerConnection? ReadOnly { get; }

    public ComplianceKitDbContext Context { get; }

    public EntityFrameworkLedger<ComplianceKitDbContext> Ledger { get; }

    /// <summary>The host's services for this database (ledger, retention, writers, exporter), in one scope with <see cref="Context"/>.</summary>
    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>Opens <paramref name="path"/> read-only (<see cref="ReadOnlyLedgerConnection"/>): needs no write permission and leaves no file behind.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenReadOnlyAsync(string path, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadOnly, clock, null, cancellationToken);

    /// <summary>Opens <paramref name="path"/> read-only, with <paramref name="configure"/> adding to the host's ComplianceKit registration.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenReadOnlyAsync(string path, IClock clock, Action<ComplianceKitBuilder> configure, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadOnly, clock, configure, cancellationToken);

    /// <summary>Opens an existing ledger <paramref name="path"/> for writing (retention, holds); never creates a file.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenWritableAsync(string path, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadWrite, clock, null, cancellationToken);

    /// <summary>Opens an existing ledger for writing, with <paramref name="configure"/> adding to the host's ComplianceKit registration.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenWritableAsync(string path, IClock clock, Action<ComplianceKitBuilder> configure, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadWrite, clock, configure, cancellationToken);

    /// <summary>
    /// Opens <paramref name="path"/> for writing, creating the file and ComplianceKit's tables when it does not exist or holds
    /// no tables yet (<see cref="ComplianceKitDatabase.EnsureCreatedAsync"/>).
    /// </summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="clock">The host's clock.</param>
    /// <param name="configure">Adds to the host's ComplianceKit registration (options), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="UsageException">The folder is missing, or the file is not SQLite or holds other tables but no ledger.</exception>
    public static async Task<LedgerDatabase> OpenOrCreateAsync(string path, IClock clock, Action<ComplianceKitBuilder>? configure, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var tables = await TablesAsync(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(), path, cancellationToken).ConfigureAwait(false);
            if (tables.Count > 0 && !tables.Contains(LedgerTableNames.Entries))
            {
                throw new UsageException($"'{path}' is a SQLite database with other tables but no ComplianceKit ledger; choose another file.");
            }
        }
        else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"the folder of '{path}' does not exist.");
        }

        var database = new LedgerDatabase(CliHost.Build(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), clock, configure));
        try
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(database.Context, cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<LedgerDatabase> OpenAsync(string path, SqliteOpenMode mode, IClock clock, Action<ComplianceKitBuilder>? configure, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"database '{path}' does not exist.");
        }

        var readOnly = mode == SqliteOpenMode.ReadOnly ? ReadOnlyLedgerConnection.For(path) : null;
        var connection = readOnly?.ConnectionString ?? new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
        if (!(await TablesAsync(connection, path, cancellationToken).ConfigureAwait(false)).Contains(LedgerTableNames.Entries))
        {
            throw new UsageException($"'{path}' is a SQLite database but holds no ComplianceKit ledger.");
        }

        return new LedgerDatabase(CliHost.Build(connection, clock, configure), readOnly);
    }

    private static async Task<HashSet<string>> TablesAsync(string connectionString, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
        catch (SqliteException ex)
        {
            throw new UsageException($"'{path}' is not a readable SQLite database ({ex.SqliteErrorCode}: {ex.Message}).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync().ConfigureAwait(false);
        await _provider.DisposeAsync().ConfigureAwait(false);
    }
}
