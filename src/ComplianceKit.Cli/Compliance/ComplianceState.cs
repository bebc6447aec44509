using ComplianceKit.Cli.Files;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using ComplianceKit.Administration;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>
/// What the read-only compliance commands work from: the ledger opened read-only, its compliance state projected in
/// memory from the verified chain, the stored projection tables compared with it, and the trust anchors.
/// </summary>
internal sealed class ComplianceState : IAsyncDisposable
{
    private ComplianceState(LedgerDatabase database, string chainId)
    {
        Database = database;
        ChainId = chainId;
    }

    public LedgerDatabase Database { get; }

    public string ChainId { get; }

    /// <summary>The state, or <see langword="null"/> when the chain does not verify (<see cref="NotVerified"/> says why).</summary>
    public ComplianceSnapshot? Snapshot { get; private set; }

    public ChainVerificationReport? NotVerified { get; private set; }

    /// <summary>The chain as verified, holding the read snapshot every decision reads from; <see langword="null"/> when it does not verify.</summary>
    public VerifiedChain? Chain { get; private set; }

    /// <summary>The stored projection against the ledger, or <see langword="null"/> when the database has no projection tables.</summary>
    public ProjectionComparison? Comparison { get; private set; }

    public IReadOnlyList<X509Certificate2> Anchors { get; private set; } = [];

    public string AnchorSource { get; private set; } = "";

    /// <summary>Whose administrative entries count: the pinned administration root, or the explicit weaker mode.</summary>
    public required AdministrationTrust Administration { get; init; }

    public CmsSignatureVerifier? Verifier { get; private set; }

    /// <summary>Drift other than "never built": rows changed outside the library.</summary>
    public IReadOnlyList<ProjectionDrift> Tampering =>
        Comparison?.Drift.Where(d => d.Kind != ProjectionDriftKind.NotBuilt).ToList() ?? [];

    public static async Task<ComplianceState> OpenAsync(LedgerLocation path, string chainId, IReadOnlyList<string> trustFiles, (AdministrationTrust Trust, string Description) administration,
        Instant at, IClock clock, CancellationToken cancellationToken)
    {
        var database = await LedgerDatabase.OpenReadOnlyAsync(path, clock, cancellationToken).ConfigureAwait(false);
        var state = new ComplianceState(database, chainId) { Administration = administration.Trust };
        try
        {
            var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
            if (!chains.Contains(chainId, StringComparer.Ordinal))
            {
                throw new UsageException(chains.Count == 0
                    ? $"'{path}' holds no ledger entries yet."
                    : $"'{path}' holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
            }

            try
            {
                state.Chain = await VerifiedChain.OpenAsync(database.Ledger, chainId, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerNotVerifiedException ex)
            {
                state.NotVerified = ex.Report;
                return state;
            }

            state.Snapshot = await VerifiedProjection.BuildAsync(state.Chain, cancellationToken: cancellationToken).ConfigureAwait(false);

            if (await HasProjectionTablesAsync(database, cancellationToken).ConfigureAwait(false))
            {
                state.Comparison = await database.Services.GetRequiredService<ComplianceProjection<ComplianceKitDbContext>>()
                    .CompareAsync(state.Chain, cancellationToken).ConfigureAwait(false);
            }

            (state.Anchors, state.AnchorSource) = await TrustAnchors.LoadAsync(trustFiles, state.Chain, administration.Trust, administration.Description, at, cancellationToken).ConfigureAwait(false);
            state.Verifier = SignerPreCheck.VerifierOver(state.Anchors);

            return state;
        }
        catch
        {
            await state.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether the database has the projection tables (databases made before they existed do not); read in the context's open transaction.</summary>
    public static Task<bool> HasProjectionTablesAsync(LedgerDatabase database, CancellationToken cancellationToken) =>
        database.HasTableAsync(ProjectionTableNames.Heads, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var anchor in Anchors)
        {
            anchor.Dispose();
        }

        if (Chain is not null)
        {
            await Chain.DisposeAsync().ConfigureAwait(false);
        }

        await Database.DisposeAsync().ConfigureAwait(false);
    }
}
