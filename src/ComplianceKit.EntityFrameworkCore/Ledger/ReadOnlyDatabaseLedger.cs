using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// A ledger database read, verified and proven from directly, on a connection the caller opened: the same SQL, the same
/// verification pass (<see cref="EntityFrameworkLedger{TContext}.VerifyAsync(string, CancellationToken)"/>'s) and the same
/// findings, without an EF Core context, model or service provider. For a process that only checks a ledger (the
/// <c>compliancekit verify --db</c> tool), where building the model would cost more than reading a small chain.
/// </summary>
/// <remarks>
/// The tables are ComplianceKit's own names (<see cref="LedgerTableNames"/>), in <c>schema</c> where the dialect uses
/// schemas. Appends are refused: a ledger is written only through a host's context, which holds the chain's lock.
/// Not thread-safe: one reader per connection, which the caller keeps open while it is used and disposes afterwards.
/// </remarks>
public sealed class ReadOnlyDatabaseLedger : IComplianceLedger
{
    private readonly LedgerQueries _queries;

    /// <summary>Reads the ledger on <paramref name="connection"/>.</summary>
    /// <param name="connection">An open connection of the engine <paramref name="dialect"/> serves.</param>
    /// <param name="dialect">The engine's ledger dialect (<c>SqliteLedgerDialect.Instance</c>, <c>PostgreSqlLedgerDialect.Instance</c>).</param>
    /// <param name="schema">The schema of ComplianceKit's tables (<see cref="Microsoft.EntityFrameworkCore.ComplianceKitModelOptions.Schema"/>); <see langword="null"/> for the connection's default.</param>
    /// <param name="logger">Receives verification outcomes (docs/TELEMETRY.md, "Logs"); none when omitted.</param>
    public ReadOnlyDatabaseLedger(DbConnection connection, ILedgerDialect dialect, string? schema = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        var tables = new LedgerTables(Table(LedgerTableNames.Entries), Table(LedgerTableNames.ChainHeads), Table(LedgerTableNames.MerkleNodes));
        _queries = new LedgerQueries(new ConnectionSession(connection, LedgerSql.For(tables, dialect)), logger ?? NullLogger.Instance);

        string Table(string name) => dialect.UsesSchemas && schema is not null ? $"{Delimit(schema)}.{Delimit(name)}" : Delimit(name);
    }

    /// <summary>Refused: this ledger only reads.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    Task<AppendReceipt> IComplianceLedger.AppendAsync(EntryDraft draft, CancellationToken cancellationToken) => throw ReadOnly();

    /// <summary>Refused: this ledger only reads.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    Task<AppendReceipt> IComplianceLedger.AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken) => throw ReadOnly();

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, CancellationToken cancellationToken = default) =>
        _queries.ReadAsync(chainId, fromSequence, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes, CancellationToken cancellationToken = default) =>
        _queries.ReadByTypeFromAsync(chainId, entryTypes, 0, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken = default) =>
        _queries.ReadByTypeFromAsync(chainId, entryTypes, fromSequence, cancellationToken);

    /// <inheritdoc />
    public Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default) =>
        _queries.GetEntryAsync(chainId, sequence, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default) => _queries.GetChainIdsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default) =>
        _queries.VerifyAsync(chainId, observe: null, cancellationToken);

    /// <inheritdoc />
    public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default) => _queries.BeginReadSnapshotAsync(cancellationToken);

    /// <inheritdoc />
    public Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default) =>
        _queries.GetTreeHeadAsync(chainId, treeSize, cancellationToken);

    /// <inheritdoc />
    public Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default) =>
        _queries.GetInclusionProofAsync(chainId, sequence, treeSize, cancellationToken);

    /// <inheritdoc />
    public Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default) =>
        _queries.GetConsistencyProofAsync(chainId, firstSize, secondSize, cancellationToken);

    // SQL's delimited identifier (both engines): the name in double quotes, a quote in it doubled.
    private static string Delimit(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static InvalidOperationException ReadOnly() =>
        new("This ledger only reads (ReadOnlyDatabaseLedger): append through the host's EntityFrameworkLedger, which takes the chain's lock.");
}
