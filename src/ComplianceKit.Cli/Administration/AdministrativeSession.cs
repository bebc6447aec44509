using ComplianceKit.Cli.Files;
using System.CommandLine;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Projection;
using ComplianceKit.Verification;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// What an administrative command works with: the ledger opened writable (never created), the pinned administration trust,
/// the chain's administration as decisions see it, and, for commands that record, the administrator's signer.
/// </summary>
internal sealed class AdministrativeSession : IAsyncDisposable
{
    private AdministrativeSession(LedgerDatabase database, LedgerLocation path, string chainId, AdministrationTrust trust, string trustDescription, IClock clock)
    {
        Database = database;
        Path = path;
        ChainId = chainId;
        Trust = trust;
        TrustDescription = trustDescription;
        Clock = clock;
    }

    public LedgerDatabase Database { get; }

    public LedgerLocation Path { get; }

    public string ChainId { get; }

    public AdministrationTrust Trust { get; }

    public string TrustDescription { get; }

    public IClock Clock { get; }

    public AdministrativeState State { get; private set; } = null!;

    public CliSigner? Signer { get; private set; }

    /// <summary>Why nothing may be recorded or listed: the chain does not verify; <see langword="null"/> when it does.</summary>
    public string? NotVerified { get; private set; }

    public AdministrationRecorder Recorder => new(Database.Ledger, Clock, Trust);

    /// <summary>Opens the ledger at <paramref name="path"/>; with <paramref name="signing"/>, loads the administrator's signer too.</summary>
    /// <exception cref="UsageException">The ledger, the root, the chain or the signing files are unusable.</exception>
    public static async Task<AdministrativeSession> OpenAsync(ParseResult parse, LedgerLocation path, string chainId, AdministrationOptions administration, SignerOptions? signing,
        CancellationToken cancellationToken)
    {
        var (trust, description) = administration.Resolve(parse, path);
        var clock = CliHost.Clock;
        var database = signing is null
            ? await LedgerDatabase.OpenReadOnlyAsync(path, clock, cancellationToken).ConfigureAwait(false)
            : await LedgerDatabase.OpenWritableAsync(path, clock, cancellationToken).ConfigureAwait(false);
        var session = new AdministrativeSession(database, path, chainId, trust, description, clock);
        try
        {
            var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
            if (chains.Count > 0 && !chains.Contains(chainId, StringComparer.Ordinal))
            {
                throw new UsageException($"'{path}' holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
            }

            session.State = new AdministrativeState(trust);
            if (chains.Contains(chainId, StringComparer.Ordinal))
            {
                try
                {
                    // Judged over the verified prefix, in one snapshot ended before anything is written.
                    var verified = await VerifiedChain.OpenAsync(database.Ledger, chainId, cancellationToken).ConfigureAwait(false);
                    await using (verified.ConfigureAwait(false))
                    {
                        session.State = await AdministrativeState.ReadAsync(verified, trust, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (LedgerNotVerifiedException ex)
                {
                    session.NotVerified = $"chain '{chainId}' of '{path}' does not verify ({ex.Report?.Status}); nothing is administered from it (see compliancekit verify --db).";
                }
            }

            session.Signer = signing?.Load(parse);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Signer?.Dispose();
        await Database.DisposeAsync().ConfigureAwait(false);
    }
}
