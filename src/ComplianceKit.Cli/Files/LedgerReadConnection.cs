using System.Data.Common;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// The ledger <c>verify --db</c> checks: the database <see cref="LedgerDatabase"/> would open read-only (the same checks, the
/// same connection), read through <see cref="ReadOnlyDatabaseLedger"/> on the bare connection. Verifying only reads, with
/// plain SQL, so it builds no EF Core model and no service provider: those were most of a short verification's time.
/// </summary>
internal sealed class LedgerReadConnection : IAsyncDisposable
{
    private readonly DbConnection _connection;

    private LedgerReadConnection(DbConnection connection, IComplianceLedger ledger, string readOnlyDescription)
    {
        _connection = connection;
        Ledger = ledger;
        ReadOnlyDescription = readOnlyDescription;
    }

    public IComplianceLedger Ledger { get; }

    /// <summary>How the ledger was opened (for the report), as <see cref="LedgerDatabase.ReadOnlyDescription"/> says it.</summary>
    public string ReadOnlyDescription { get; }

    /// <exception cref="UsageException">The database is missing or unreachable, or holds no ledger.</exception>
    public static async Task<LedgerReadConnection> OpenAsync(LedgerLocation location, CancellationToken cancellationToken)
    {
        var description = await LedgerDatabase.RequireLedgerAsync(location, readOnly: true, cancellationToken).ConfigureAwait(false);
        var connection = LedgerDatabase.ReadOnlyConnection(location);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            ILedgerDialect dialect = location.IsPostgreSql ? PostgreSqlLedgerDialect.Instance : SqliteLedgerDialect.Instance;
            return new LedgerReadConnection(connection, new ReadOnlyDatabaseLedger(connection, dialect), description!);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
