using ComplianceKit.Cli.Files;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Cli;

/// <summary>Opens an existing ledger database, read-only for checks or writable for retention, with clear errors for what is not one.</summary>
internal sealed class LedgerDatabase : IAsyncDisposable
{
    private LedgerDatabase(ComplianceKitDbContext context, EntityFrameworkLedger<ComplianceKitDbContext> ledger, ReadOnlyLedgerConnection? readOnly)
    {
        Context = context;
        Ledger = ledger;
        ReadOnly = readOnly;
    }

    /// <summary>How a read-only ledger was opened (for the report); null when opened for writing.</summary>
    public ReadOnlyLedgerConnection? ReadOnly { get; }

    public ComplianceKitDbContext Context { get; }

    public EntityFrameworkLedger<ComplianceKitDbContext> Ledger { get; }

    /// <summary>Opens <paramref name="path"/> read-only (<see cref="ReadOnlyLedgerConnection"/>): needs no write permission and leaves no file behind.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenReadOnlyAsync(string path, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadOnly, clock, cancellationToken);

    /// <summary>Opens an existing ledger <paramref name="path"/> for writing (retention, holds); never creates a file.</summary>
    /// <exception cref="UsageException">The file is missing, not SQLite, or holds no ledger.</exception>
    public static Task<LedgerDatabase> OpenWritableAsync(string path, IClock clock, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteOpenMode.ReadWrite, clock, cancellationToken);

    private static async Task<LedgerDatabase> OpenAsync(string path, SqliteOpenMode mode, IClock clock, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"database '{path}' does not exist.");
        }

        var readOnly = mode == SqliteOpenMode.ReadOnly ? ReadOnlyLedgerConnection.For(path) : null;
        var connection = readOnly?.ConnectionString ?? new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();
        var context = new ComplianceKitDbContext(new DbContextOptionsBuilder<ComplianceKitDbContext>().UseSqlite(connection).Options);
        try
        {
            await using var probe = new SqliteConnection(connection);
            await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = probe.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ck_ledger_entries'";
            var tables = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
            if (tables == 0)
            {
                throw new UsageException($"'{path}' is a SQLite database but holds no ComplianceKit ledger.");
            }
        }
        catch (SqliteException ex)
        {
            await context.DisposeAsync().ConfigureAwait(false);
            throw new UsageException($"'{path}' is not a readable SQLite database ({ex.SqliteErrorCode}: {ex.Message}).");
        }
        catch
        {
            await context.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions()));
        return new LedgerDatabase(context, ledger, readOnly);
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
