using ComplianceKit.Anchoring;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Bundles;

/// <summary>
/// <c>verify --db --checkpoints</c>'s all-chains step (docs/FORMAT.md 13.8): reads the heads log from the verified entries of the
/// <c>all-chains</c> chain and holds every chain of the ledger to each all-chains checkpoint in the folder.
/// </summary>
internal static class AllChainsAnchors
{
    public static async Task<IReadOnlyList<AnchorReport>> CheckAsync(IComplianceLedger ledger, AnchorInputs anchoring, IReadOnlyList<ChainVerificationReport> reports,
        IReadOnlyDictionary<string, CheckpointKeyHistory> keys, CancellationToken cancellationToken)
    {
        const string recordingChain = AllChainsCheckpoint.RecordingChainId;

        // Only what the verification judged intact: a recording chain that does not verify records no heads (and is a finding already).
        var verifiedSize = reports.FirstOrDefault(r => r.ChainId == recordingChain && r.IsValid)?.TreeHead.Size ?? 0;
        var rounds = new List<(SignedCheckpoint, IReadOnlyList<Checkpoint>)>();
        await foreach (var entry in ledger.ReadByTypeAsync(recordingChain, [CheckpointEntryTypes.AllChains], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence < verifiedSize)
            {
                try
                {
                    rounds.Add(AllChainsCheckpointPayload.Read(entry));
                }
                catch (FormatException)
                {
                    // Records no heads; the published checkpoints that need them are then Truncated or Contradicted.
                }
            }
        }

        var chains = await ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        async Task<byte[]?> RootOf(string chain, long size, CancellationToken ct)
        {
            if (!chains.Contains(chain, StringComparer.Ordinal))
            {
                return null;
            }

            var head = await ledger.GetTreeHeadAsync(chain, cancellationToken: ct).ConfigureAwait(false);
            return size > head.Size ? null : (await ledger.GetTreeHeadAsync(chain, size, ct).ConfigureAwait(false)).Root;
        }

        var recorded = verifiedSize == 0 ? null : await RecordedCosignatures.ReadAsync(ledger, recordingChain, verifiedSize, cancellationToken).ConfigureAwait(false);
        return await anchoring.CheckAllChainsAsync(AllChainsCheckpoint.HeadsLogOf(rounds), RootOf, recorded, keys.GetValueOrDefault(recordingChain), cancellationToken).ConfigureAwait(false);
    }
}
