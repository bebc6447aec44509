using System.Data.Common;
using System.Text.Json;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>
/// Keeps the queryable compliance state (the <c>ck_</c> projection tables) in the host's database as a projection of
/// the verified ledger: <see cref="RebuildAsync"/> verifies the chain and replaces the chain's rows in one transaction;
/// <see cref="CompareAsync(string, CancellationToken)"/> rebuilds in memory and names every row changed, added or removed outside the library.
/// </summary>
/// <typeparam name="TContext">The host's context, with <c>ApplyComplianceKit()</c> in its model.</typeparam>
/// <remarks>Not thread-safe, like the context it wraps: resolve one per scope.</remarks>
public sealed class ComplianceProjection<TContext>
    where TContext : DbContext, IComplianceKitDbContext
{
    private readonly TContext _context;
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;

    /// <summary>Creates the projection over the host's context and the ledger kept in it.</summary>
    public ComplianceProjection(TContext context, IComplianceLedger ledger, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        _context = context;
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>
    /// Verifies the whole chain, projects it, and replaces the chain's projection rows in one transaction (the context's
    /// open one if there is one). Nothing is written when the chain does not verify.
    /// </summary>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify.</exception>
    public async Task<ProjectionRebuildReport> RebuildAsync(string chainId, CancellationToken cancellationToken = default)
    {
        var snapshot = await VerifyAndProjectAsync(chainId, cancellationToken).ConfigureAwait(false);
        var sql = ProjectionSql.For(_context);
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        var transaction = await LedgerTransaction.JoinOrBeginAsync(_context, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false)) // rolls back a transaction it began unless committed
        {
            var connection = transaction.Connection;
            var dbTransaction = transaction.Transaction;
            foreach (var table in sql.Tables.Reverse())
            {
                if (await sql.Dialect.TryDeleteAllRowsAsync(connection, dbTransaction, table.QualifiedName, chainId, cancellationToken).ConfigureAwait(false))
                {
                    continue; // only this chain's rows were there
                }

                var delete = LedgerSql.Command(connection, dbTransaction, table.Delete);
                await using var deleteScope = delete.ConfigureAwait(false);
                LedgerSql.Add(delete, "@chain", chainId);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var table in sql.Tables)
            {
                var rows = ExpectedRows(table, snapshot, _clock.GetCurrentInstant());
                await table.InsertAsync(connection, dbTransaction, rows, cancellationToken).ConfigureAwait(false);
                written[table.Name] = rows.Count;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new ProjectionRebuildReport(chainId, snapshot.LedgerSize, snapshot.EntriesRead, written, snapshot.Issues);
    }

    /// <summary>
    /// Rebuilds the projection in memory from the verified ledger at the size the stored rows claim to cover, and lists every
    /// difference with the stored rows. Entries appended since the rows were built are counted, not reported as drift.
    /// </summary>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify.</exception>
    public async Task<ProjectionComparison> CompareAsync(string chainId, CancellationToken cancellationToken = default)
    {
        var chain = await VerifiedChain.OpenAsync(_ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            return await CompareAsync(chain, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="CompareAsync(string, CancellationToken)"/> against an already verified chain: nothing past its head is read,
    /// and when the chain was opened on this context the stored rows are read in its snapshot too (one instant for both).
    /// </summary>
    public async Task<ProjectionComparison> CompareAsync(VerifiedChain chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var chainId = chain.ChainId;
        var sql = ProjectionSql.For(_context);
        var heads = sql.Table(typeof(ProjectionHeadRow));
        var stored = new Dictionary<ProjectionTable, Dictionary<string, string?[]>>();
        foreach (var table in sql.Tables)
        {
            stored[table] = await ReadRowsAsync(table, chainId, cancellationToken).ConfigureAwait(false);
        }

        var ledgerSize = chain.Size;
        var drift = new List<ProjectionDrift>();
        var storedHead = stored[heads].Values.SingleOrDefault();
        var sizeColumn = heads.Columns.ToList().FindIndex(c => c.Property.Name == nameof(ProjectionHeadRow.LedgerSize));
        long projectionSize = 0;
        if (storedHead is null)
        {
            drift.Add(new ProjectionDrift(heads.Name, chainId, ProjectionDriftKind.NotBuilt, Expected: "a projection built from the ledger"));
        }
        else if (!long.TryParse(storedHead[sizeColumn], out projectionSize) || projectionSize < 0 || projectionSize > ledgerSize)
        {
            drift.Add(new ProjectionDrift(heads.Name, chainId, ProjectionDriftKind.HeadMismatch, heads.Columns[sizeColumn].Name, $"0 to {ledgerSize}", storedHead[sizeColumn]));
            return Result(chainId, ledgerSize, 0, drift);
        }

        var snapshot = await VerifiedProjection.BuildAsync(chain, projectionSize, cancellationToken).ConfigureAwait(false);
        foreach (var table in sql.Tables)
        {
            var rows = ExpectedRows(table, snapshot, Instant.MinValue);
            if (table == heads && storedHead is null)
            {
                continue;
            }

            Compare(table, rows, stored[table], drift);
        }

        return Result(chainId, ledgerSize, projectionSize, drift);
    }

    /// <summary>
    /// The verified chain's projection. Over this context's own ledger, verification and projection share one read of the
    /// chain (the projector sees each entry as the full verification checks it, and is kept only if the chain verifies);
    /// any other ledger is verified, then read again.
    /// </summary>
    private async Task<ComplianceSnapshot> VerifyAndProjectAsync(string chainId, CancellationToken cancellationToken)
    {
        if (_ledger is not EntityFrameworkLedger<TContext> store || !store.Wraps(_context))
        {
            return await VerifiedProjection.BuildAsync(_ledger, chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var projector = new ComplianceProjector(chainId);
        var report = await store.VerifyAsync(chainId, projector.Apply, cancellationToken).ConfigureAwait(false);
        return report.IsValid ? projector.CompleteAndRelease(report.TreeHead.Size, report.TreeHead.Root) : throw new LedgerNotVerifiedException(report);
    }

    private static ProjectionComparison Result(string chainId, long ledgerSize, long projectionSize, List<ProjectionDrift> drift)
    {
        var ordered = drift.OrderByDescending(d => d.Kind).ThenBy(d => d.Table, StringComparer.Ordinal).ThenBy(d => d.Key, StringComparer.Ordinal).ToList();
        return new ProjectionComparison(chainId, ledgerSize, projectionSize, ordered.Take(ProjectionComparison.MaxListed).ToList(), ordered.Count);
    }

    private static void Compare(ProjectionTable table, List<object> expectedRows, Dictionary<string, string?[]> stored, List<ProjectionDrift> drift)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var isHead = table.RowType == typeof(ProjectionHeadRow);
        foreach (var row in expectedRows)
        {
            var values = table.Columns.Select(c => c.Text(c.ProviderValue(row))).ToArray();
            var key = Key(table, values);
            seen.Add(key);
            if (!stored.TryGetValue(key, out var actual))
            {
                drift.Add(new ProjectionDrift(table.Name, key, ProjectionDriftKind.RowMissing));
                continue;
            }

            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (isHead && column.Property.Name == nameof(ProjectionHeadRow.RebuiltAt))
                {
                    continue;
                }

                if (!string.Equals(values[i], actual[i], StringComparison.Ordinal))
                {
                    var kind = isHead && column.Property.Name == nameof(ProjectionHeadRow.LedgerRoot) ? ProjectionDriftKind.HeadMismatch : ProjectionDriftKind.ValueChanged;
                    drift.Add(new ProjectionDrift(table.Name, key, kind, column.Name, values[i], actual[i]));
                }
            }
        }

        foreach (var key in stored.Keys.Where(k => !seen.Contains(k)))
        {
            drift.Add(new ProjectionDrift(table.Name, key, ProjectionDriftKind.RowUnexpected));
        }
    }

    private static List<object> ExpectedRows(ProjectionTable table, ComplianceSnapshot snapshot, Instant rebuiltAt)
    {
        if (table.RowType == typeof(ProjectionHeadRow))
        {
            return
            [
                new ProjectionHeadRow
                {
                    ChainId = snapshot.ChainId,
                    LedgerSize = snapshot.LedgerSize,
                    LedgerRoot = snapshot.LedgerRoot.ToArray(),
                    EntriesRead = snapshot.EntriesRead,
                    Issues = JsonSerializer.Serialize(snapshot.Issues, LedgerJson.Options),
                    RebuiltAt = rebuiltAt,
                },
            ];
        }

        return snapshot.RowsOf(table.RowType).Cast<object>().ToList();
    }

    private async Task<Dictionary<string, string?[]>> ReadRowsAsync(ProjectionTable table, string chainId, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var database = _context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = LedgerSql.Command(database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), table.Select);
            await using var commandScope = command.ConfigureAwait(false);
            LedgerSql.Add(command, "@chain", chainId);
            DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new string?[table.Columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = table.Columns[i].Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
                }

                rows[Key(table, values)] = values;
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return rows;
    }

    private static string Key(ProjectionTable table, string?[] values) =>
        string.Join("/", table.KeyIndexes.Select(i => values[i]));
}
