using ComplianceKit.Access;
using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>What the dashboard shows, read in one verified snapshot: nothing is decided over a chain that does not verify.</summary>
internal sealed record DashboardState(string ChainId, Instant At, ChainVerificationReport? Verification, string? Problem, ReadinessReport? Programme, IReadOnlyList<ReadinessReport> Gates,
    IReadOnlyList<LedgerEntry> BreakGlass, IReadOnlyList<LedgerEntry> Denied)
{
    /// <summary>The newest checkpoint published below the verified head, or null when none was.</summary>
    public Anchoring.RecordedCheckpoint? NewestCheckpoint { get; init; }

    /// <summary>The anchoring section: one row per chain of the ledger, each from that chain's verified entries.</summary>
    public IReadOnlyList<ChainAnchoring> Anchoring { get; init; } = [];

    public static async Task<DashboardState> ReadAsync(IComplianceLedger ledger, Anchoring.CheckpointPublisher checkpoints, string chainId, ComplianceKitOptions kit,
        ComplianceKitDashboardOptions options, Instant at, CancellationToken cancellationToken)
    {
        var administration = AdministrationTrust.FromOptions(kit);
        VerifiedChain chain;
        try
        {
            chain = await VerifiedChain.OpenAsync(ledger, chainId, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerNotVerifiedException ex)
        {
            return new DashboardState(chainId, at, ex.Report, ex.Message, null, [], [], []);
        }

        DashboardState read;
        await using (chain.ConfigureAwait(false))
        {
            var snapshot = await Projection.VerifiedProjection.BuildAsync(chain, cancellationToken: cancellationToken).ConfigureAwait(false);
            var verifier = options.ApprovalTrust is null ? null : new CmsSignatureVerifier(options.ApprovalTrust);
            var evaluator = new ReadinessEvaluator(ledger, snapshot, administration, verifier);
            var programme = await evaluator.EvaluateAsync(chain, null, at, cancellationToken).ConfigureAwait(false);
            var state = await AdministrativeState.ReadAsync(chain, administration, cancellationToken).ConfigureAwait(false);
            var gates = new List<ReadinessReport>();
            foreach (var gateId in state.GateIdsAt(at).Order(StringComparer.Ordinal))
            {
                gates.Add(await evaluator.EvaluateAsync(chain, gateId, at, cancellationToken).ConfigureAwait(false));
            }

            var from = at - options.RecentAccessWindow;
            var breakGlass = await RecentAsync(chain, new BreakGlassAccessSpec(chainId, from, at), AccessEntryTypes.BreakGlass, options.MaxRecentAccesses, cancellationToken).ConfigureAwait(false);
            var denied = await RecentAsync(chain, new DeniedAccessSpec(chainId, from, at), AccessEntryTypes.Denied, options.MaxRecentAccesses, cancellationToken).ConfigureAwait(false);
            var newest = await checkpoints.GetNewestAsync(chainId, cancellationToken).ConfigureAwait(false);
            read = new DashboardState(chainId, at, chain.Report, null, programme, gates, breakGlass, denied)
            {
                // Only a checkpoint recorded below the verified head is shown: the page decides from verified entries alone.
                NewestCheckpoint = newest is not null && newest.Sequence < chain.Size ? newest : null,
                Anchoring = [await DashboardAnchoring.OfAsync(chain, kit.Organization, options, cancellationToken).ConfigureAwait(false)],
            };
        }

        // The other chains after this one's snapshot has ended: each is verified in a snapshot of its own.
        return read with { Anchoring = await DashboardAnchoring.ReadAsync(ledger, read.Anchoring[0], kit.Organization, options, cancellationToken).ConfigureAwait(false) };
    }

    private static async Task<IReadOnlyList<LedgerEntry>> RecentAsync(VerifiedChain chain, Ardalis.Specification.Specification<LedgerEntry> spec, string entryType, int max,
        CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var entry in chain.ReadByTypeAsync([entryType], cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        // The access specification's own window rule, evaluated over the verified entries.
        return spec.Evaluate(entries).Reverse().Take(max).ToList();
    }
}
