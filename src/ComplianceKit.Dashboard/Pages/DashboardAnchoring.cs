using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Verification;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>
/// Reads the anchoring section: per chain, from its verified entries only, the checkpoints it records with their co-signatures
/// (<see cref="RecordedCheckpoints"/>), judged against the pinned witnesses by <see cref="AnchorVerifier"/>, the rule <c>verify</c> uses.
/// </summary>
internal static class DashboardAnchoring
{
    /// <summary>The rows of every chain of the ledger; <paramref name="shown"/> (already verified by the caller) is not verified again.</summary>
    public static async Task<IReadOnlyList<ChainAnchoring>> ReadAsync(IComplianceLedger ledger, ChainAnchoring shown, string organization,
        ComplianceKitDashboardOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<ChainAnchoring>();
        foreach (var chainId in (await ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            if (chainId == shown.ChainId)
            {
                rows.Add(shown);
                continue;
            }

            try
            {
                var chain = await VerifiedChain.OpenAsync(ledger, chainId, cancellationToken).ConfigureAwait(false);
                await using (chain.ConfigureAwait(false))
                {
                    rows.Add(await OfAsync(chain, organization, options, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (LedgerNotVerifiedException ex)
            {
                rows.Add(new ChainAnchoring(chainId, 0, ex.Message));
            }
        }

        return rows;
    }

    /// <summary>The row of one verified chain.</summary>
    public static async Task<ChainAnchoring> OfAsync(VerifiedChain chain, string organization, ComplianceKitDashboardOptions options, CancellationToken cancellationToken)
    {
        var recorded = await RecordedCheckpoints.ReadAsync(chain, cancellationToken).ConfigureAwait(false);
        var trust = options.CheckpointTrust ?? options.ApprovalTrust;
        var verifier = trust is null ? null : new CmsSignatureVerifier(trust);
        var row = new ChainAnchoring(chain.ChainId, chain.Size, null);
        if (recorded.Count > 0)
        {
            var newest = recorded[^1];
            var bytes = newest.Checkpoint.Checkpoint.ToBytes();
            var signers = newest.Cosignatures.Select(c => WitnessCosignatures.SignerOf(bytes, c)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var pinned = options.Witnesses.Where(w => signers.Contains(CertificateFingerprint.Of(w))).ToList();
            row = row with
            {
                Newest = newest,
                NewestSignedAt = verifier?.Verify(bytes, newest.Checkpoint.Signature) is { IsValid: true } signature ? signature.SigningTime : null,
                NewestWitnesses = [.. pinned.Select(w => w.Subject).Distinct(StringComparer.Ordinal)],
                NewestUnpinnedCosignatures = signers.Count - pinned.Select(CertificateFingerprint.Of).Distinct(StringComparer.Ordinal).Count(),
            };
        }

        var required = options.WitnessesRequired ?? options.Witnesses.Count;
        if (required == 0 || verifier is null)
        {
            return row with
            {
                NotJudged = required == 0
                    ? "no witness is pinned: a checkpoint the ledger records is the operator's own word and anchors nothing"
                    : "no trust anchors for checkpoint signatures (CheckpointTrust or ApprovalTrust)",
            };
        }

        var candidates = recorded.Select(s => AnchorCandidate.Of(s, verifier.Verify, [.. options.Witnesses])).ToList();
        var report = await AnchorVerifier.CheckAsync(Checkpoint.OriginFor(organization, chain.ChainId), chain.Size,
            async (size, ct) => (await chain.GetTreeHeadAsync(size, ct).ConfigureAwait(false)).Root, candidates, required, cancellationToken).ConfigureAwait(false);
        return row with { Report = report };
    }
}
