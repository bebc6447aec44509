using System.Data.Common;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// Opens the ledger <c>--db</c> names (<see cref="LedgerLocation"/>: a SQLite file or a PostgreSQL database), read-only for
/// checks or writable, with clear one-line errors for what is not one; the one place the tool opens a ledger and the one
/// place it chooses the database provider. Its services are the tool's host (<see cref="CliHost"/>), scoped to this database.
/// </summary>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private LedgerDatabase(ServiceProvider provider, LedgerLocation location, string? readOnly)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
        Location = location;
        Context = Services.GetRequiredService<ComplianceKitDbContext>();
        Ledger = (EntityFrameworkLedger<ComplianceKitDbContext>)Services.GetRequiredService<IComplianceLedger>();
        ReadOnlyDescription = readOnly;
    }

    public LedgerLocation Location { get; }

    /// <summary>How a read-only ledger was opened (for the report); null when opened for writing.</summary>
    public string? ReadOnlyDescription { get; }

    public ComplianceKitDbContext Context { get; }

    public EntityFrameworkLedger<ComplianceKitDbContext> Ledger { get; }

    /// <summary>The host's services for this database (ledger, retention, writers, exporter), in one scope with <see cref="Context"/>.</summary>
    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>
    /// Opens the ledger read-only: a SQLite file through <see cref="ReadOnlyLedgerConnection"/> (no write permission needed, no file left
    /// behind); a PostgreSQL session whose every transaction is read-only (<c>default_transaction_read_only</c>).
    /// </summary>
    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenReadOnlyAsync(LedgerLocation location, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(location, readOnly: true, clock, null, cancellationToken);

    /// <summary>Opens the ledger read-only, with <paramref name="configure"/> adding to the host's ComplianceKit registration.</summary>
    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenReadOnlyAsync(LedgerLocation location, IClock clock, Action<ComplianceKitBuilder> configure, CancellationToken cancellationToken) =>
        OpenAsync(location, readOnly: true, clock, configure, cancellationToken);

    /// <summary>Opens an existing ledger for writing; never creates a file, a database or tables.</summary>
    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenWritableAsync(LedgerLocation location, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(location, readOnly: false, clock, null, cancellationToken);

    /// <summary>Opens an existing ledger for writing, with <paramref name="configure"/> adding to the host's ComplianceKit registration.</summary>
    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenWritableAsync(LedgerLocation location, IClock clock, Action<ComplianceKitBuilder> configure, CancellationToken cancellationToken) =>
        OpenAsync(location, readOnly: false, clock, configure, cancellationToken);

    /// <summary>
    /// Opens the ledger for writing, creating the SQLite file or the PostgreSQL database, and ComplianceKit's tables, when there are none yet
    /// (<see cref="ComplianceKitDatabase.EnsureCreatedAsync"/>).
    /// </summary>
    /// <param name="location">The SQLite file or PostgreSQL database.</param>
    /// <param name="clock">The host's clock.</param>
    /// <param name="configure">Adds to the host's ComplianceKit registration (options), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="UsageException">The folder is missing, the server unreachable, or the database holds other tables but no ledger.</exception>
    public static async Task<LedgerDatabase> OpenOrCreateAsync(LedgerLocation location, IClock clock, Action<ComplianceKitBuilder>? configure, CancellationToken cancellationToken)
    {
        var tables = await ExistingTablesAsync(location, cancellationToken).ConfigureAwait(false) ?? [];
        if (tables.Count > 0 && !tables.Contains(LedgerTableNames.Entries))
        {
            throw new UsageException($"'{location}' is a database with other tables but no ComplianceKit ledger; choose another {(location.IsPostgreSql ? "database" : "file")}.");
        }

        var database = new LedgerDatabase(CliHost.Build(o => UseProvider(o, location, readOnly: false, create: true), clock, configure), location, null);
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

    /// <summary>Creates a new ledger for <c>init</c>: a SQLite file that does not exist, or a PostgreSQL database that is new or holds no tables.</summary>
    /// <exception cref="Files.OutputRefusedException">The database already holds tables (a ledger or anything else): nothing is written.</exception>
    /// <exception cref="UsageException">The folder is missing or the server unreachable.</exception>
    public static async Task CreateAsync(LedgerLocation location, IClock clock, CancellationToken cancellationToken)
    {
        if ((await ExistingTablesAsync(location, cancellationToken).ConfigureAwait(false))?.Count > 0)
        {
            throw new OutputRefusedException($"'{location}' already holds tables; init creates a ledger only in a new or empty database, and never replaces one.");
        }

        await using var database = await OpenOrCreateAsync(location, clock, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The chain a command works on: <paramref name="chainId"/>, which must exist, or the database's only chain when none is
    /// named. <paramref name="purpose"/> ends the message for an empty database ("to checkpoint").
    /// </summary>
    /// <exception cref="UsageException">No such chain, no chain at all, or several and none named.</exception>
    public async Task<string> ResolveChainAsync(string? chainId, string? purpose, CancellationToken cancellationToken)
    {
        var chains = await Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        var chain = chainId ?? (chains.Count == 1 ? chains[0] : throw new UsageException(chains.Count == 0
            ? $"'{Location}' holds no chain{(purpose is null ? "" : " " + purpose)}."
            : $"'{Location}' holds several chains ({string.Join(", ", chains)}); name one with --chain."));
        return chains.Contains(chain, StringComparer.Ordinal) ? chain : throw new UsageException($"'{Location}' holds no chain '{chain}'.");
    }

    /// <summary>Whether this database has the table <paramref name="name"/> (in the context's open transaction, if any).</summary>
    public async Task<bool> HasTableAsync(string name, CancellationToken cancellationToken)
    {
        await Context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var names = await TablesAsync(Context.Database.GetDbConnection(), Location.IsPostgreSql, Context.Database.CurrentTransaction?.GetDbTransaction(), cancellationToken).ConfigureAwait(false);
            return names.Contains(name);
        }
        finally
        {
            await Context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync().ConfigureAwait(false);
        await _provider.DisposeAsync().ConfigureAwait(false);
    }

    // The one provider choice of the tool: SQLite and its dialect for a file, Npgsql and its dialect for a PostgreSQL connection string.
    private static void UseProvider(DbContextOptionsBuilder options, LedgerLocation location, bool readOnly, bool create = false)
    {
        if (location.IsPostgreSql)
        {
            options.UseNpgsql(location.PostgreSqlConnectionString(readOnly)).UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance);
        }
        else
        {
            options.UseSqlite(readOnly
                ? ReadOnlyLedgerConnection.For(location.FilePath!).ConnectionString
                : new SqliteConnectionStringBuilder { DataSource = location.FilePath, Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite, Pooling = false }.ToString())
                .UseComplianceKitDialect(SqliteLedgerDialect.Instance);
        }
    }

    private static async Task<LedgerDatabase> OpenAsync(LedgerLocation location, bool readOnly, IClock clock, Action<ComplianceKitBuilder>? configure, CancellationToken cancellationToken)
    {
        var description = await RequireLedgerAsync(location, readOnly, cancellationToken).ConfigureAwait(false);
        return new LedgerDatabase(CliHost.Build(o => UseProvider(o, location, readOnly), clock, configure), location, description);
    }

    /// <summary>
    /// Checks that <paramref name="location"/> exists and holds a ledger, and says how a read-only one is opened (for the
    /// report; <see langword="null"/> when not <paramref name="readOnly"/>).
    /// </summary>
    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static async Task<string?> RequireLedgerAsync(LedgerLocation location, bool readOnly, CancellationToken cancellationToken)
    {
        var tables = await ExistingTablesAsync(location, cancellationToken).ConfigureAwait(false)
            ?? throw new UsageException($"database '{location}' does not exist.");
        if (!tables.Contains(LedgerTableNames.Entries))
        {
            throw new UsageException($"'{location}' is a {(location.IsPostgreSql ? "PostgreSQL" : "SQLite")} database but holds no ComplianceKit ledger.");
        }

        return !readOnly ? null
            : location.IsPostgreSql ? "opened read-only (PostgreSQL default_transaction_read_only=on: every transaction is READ ONLY)"
            : ReadOnlyLedgerConnection.For(location.FilePath!).Describe();
    }

    /// <summary>The connection <see cref="UseProvider"/> gives a read-only context, opened on its own (<see cref="LedgerReadConnection"/>).</summary>
    public static DbConnection ReadOnlyConnection(LedgerLocation location) => location.IsPostgreSql
        ? new NpgsqlConnection(location.PostgreSqlConnectionString(readOnly: true))
        : new SqliteConnection(ReadOnlyLedgerConnection.For(location.FilePath!).ConnectionString);

    /// <summary>The tables the database holds now; <see langword="null"/> when the SQLite file or PostgreSQL database does not exist (yet).</summary>
    private static async Task<HashSet<string>?> ExistingTablesAsync(LedgerLocation location, CancellationToken cancellationToken)
    {
        if (!location.IsPostgreSql)
        {
            if (!File.Exists(location.FilePath))
            {
                return Path.GetDirectoryName(Path.GetFullPath(location.FilePath!)) is { } folder && !Directory.Exists(folder)
                    ? throw new UsageException($"the folder of '{location}' does not exist.")
                    : null;
            }

            try
            {
                await using var sqlite = new SqliteConnection(ReadOnlyLedgerConnection.For(location.FilePath!).ConnectionString);
                await sqlite.OpenAsync(cancellationToken).ConfigureAwait(false);
                return await TablesAsync(sqlite, postgreSql: false, null, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                throw new UsageException($"'{location}' is not a readable SQLite database ({ex.SqliteErrorCode}: {ex.Message}).");
            }
        }

        try
        {
            await using var postgres = new NpgsqlConnection(location.PostgreSqlConnectionString(readOnly: true));
            await postgres.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await TablesAsync(postgres, postgreSql: true, null, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return null;
        }
        catch (NpgsqlException ex)
        {
            throw new UsageException(PostgreSqlFailure.Describe(location, ex));
        }
    }

    private static async Task<HashSet<string>> TablesAsync(DbConnection connection, bool postgreSql, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = postgreSql
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
