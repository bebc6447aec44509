using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Verification;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>
/// What the officer's writing commands (evidence, vendor, baa, training) work from: the ledger opened for writing, its
/// chain verified and projected before anything is decided or written, and appends that land in one transaction with
/// the projection rebuilt from the verified chain (or nothing at all).
/// </summary>
internal sealed class LedgerWriteSession : IAsyncDisposable
{
    private readonly IClock _clock;

    private LedgerWriteSession(LedgerDatabase database, LedgerLocation path, string chainId, IClock clock)
    {
        Database = database;
        Path = path;
        ChainId = chainId;
        _clock = clock;
    }

    public LedgerDatabase Database { get; }

    public LedgerLocation Path { get; }

    public string ChainId { get; }

    /// <summary>The verified state of the chain; empty when the chain has no entries yet.</summary>
    public ComplianceSnapshot? Snapshot { get; private set; }

    /// <summary>Why the chain does not verify, or <see langword="null"/> when it does; nothing may be written then.</summary>
    public string? NotVerified { get; private set; }

    public static async Task<LedgerWriteSession> OpenAsync(LedgerLocation path, string chainId, IClock clock, CancellationToken cancellationToken)
    {
        try
        {
            LedgerLimits.ValidateChainId(chainId);
        }
        catch (LedgerValidationException ex)
        {
            throw new UsageException(ex.Message);
        }

        var database = await LedgerDatabase.OpenWritableAsync(path, clock, cancellationToken).ConfigureAwait(false);
        var session = new LedgerWriteSession(database, path, chainId, clock);
        try
        {
            var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
            if (chains.Contains(chainId, StringComparer.Ordinal))
            {
                session.Snapshot = await VerifiedProjection.BuildAsync(database.Ledger, chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (LedgerNotVerifiedException ex)
        {
            session.NotVerified = ex.Message;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return session;
    }

    /// <summary>Appends <paramref name="drafts"/> and rebuilds the projection (when the database has one) in one transaction.</summary>
    /// <exception cref="UsageException">An entry is refused by the ledger's validation (PHI-like text, limits).</exception>
    public async Task<AppendReceipt> AppendAsync(IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken)
    {
        if (NotVerified is not null)
        {
            throw new InvalidOperationException("A chain that does not verify is never written to.");
        }

        var context = Database.Context;
        var rebuild = await ComplianceState.HasProjectionTablesAsync(Database, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var receipt = await Database.Ledger.AppendAsync(ChainId, drafts, cancellationToken).ConfigureAwait(false);
            if (rebuild)
            {
                await new ComplianceProjection<ComplianceKitDbContext>(context, Database.Ledger, _clock).RebuildAsync(ChainId, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return receipt;
        }
        catch (Exception ex) when (ex is Canonicalization.PhiDetectedException or Canonicalization.JsonCanonicalizationException or LedgerValidationException)
        {
            throw new UsageException($"the entry cannot be recorded: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
