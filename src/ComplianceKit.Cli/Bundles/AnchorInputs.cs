using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Bundles;

/// <summary>The published checkpoints, trust and witnesses <c>verify</c> holds a chain to, resolved from <see cref="AnchorOptions"/>.</summary>
internal sealed class AnchorInputs(string folder, IReadOnlyList<StoredCheckpoint> stored, IReadOnlyList<StoredRestoreStatement> restores, CmsSignatureVerifier verifier,
    IReadOnlyList<X509Certificate2> witnesses, int required)
{
    public string Folder => folder;

    public int WitnessesRequired => required;

    public int WitnessCount => witnesses.Count;

    /// <summary>The verifier of the organisation's checkpoint signatures (the <c>--trust</c> anchors), which the chain of keys uses too.</summary>
    public CmsSignatureVerifier Verifier => verifier;

    /// <summary>
    /// Judges the checkpoints of chain <paramref name="chainId"/> (any organisation's origin for it), one report per origin found, or one
    /// empty report. Co-signatures count from beside each checkpoint file and from <paramref name="recordedCosignatures"/> (by tree
    /// size: those the verified chain's <c>checkpoint.cosigned</c> entries hold); each counts only if it verifies over the file's bytes.
    /// With <paramref name="keys"/>, a checkpoint whose key the chain of keys refuses at its time is a finding.
    /// </summary>
    public async Task<IReadOnlyList<AnchorReport>> CheckAsync(string chainId, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt, CancellationToken cancellationToken,
        IReadOnlyDictionary<long, List<byte[]>>? recordedCosignatures = null, CheckpointKeyHistory? keys = null)
    {
        var suffix = "/compliancekit/" + chainId;
        var candidates = Candidates(suffix, recordedCosignatures, keys);
        var statements = restores.Where(r => r.Statement.Statement.Origin.EndsWith(suffix, StringComparison.Ordinal))
            .Select(r => new RestoreCandidate(r.File, r.Statement, verifier.Verify(r.Statement.Statement.ToBytes(), r.Statement.Signature), r.Epoch)).ToList();
        var origins = candidates.Select(c => c.Checkpoint.Checkpoint.Origin).Distinct(StringComparer.Ordinal).ToList();
        if (origins.Count == 0)
        {
            origins.Add("*" + suffix);
        }

        var reports = new List<AnchorReport>();
        foreach (var origin in origins)
        {
            reports.Add(await AnchorVerifier.CheckAsync(origin, chainSize, rootAt, candidates, statements, required, cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    /// <summary>
    /// Judges the all-chains checkpoints (docs/FORMAT.md 13.8), one report per all-chains origin found (none when the folder has none):
    /// <paramref name="headsLog"/> is what the verified <c>all-chains</c> chain records, <paramref name="rootOf"/> a chain's root at a size
    /// (<see langword="null"/>: the ledger has no such chain or fewer entries); co-signatures and keys as in <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<AnchorReport>> CheckAllChainsAsync(IReadOnlyList<Checkpoint> headsLog, Func<string, long, CancellationToken, Task<byte[]?>> rootOf,
        IReadOnlyDictionary<long, List<byte[]>>? recordedCosignatures, CheckpointKeyHistory? keys, CancellationToken cancellationToken)
    {
        var candidates = Candidates("/compliancekit/" + AllChainsCheckpoint.Wildcard, recordedCosignatures, keys);
        var reports = new List<AnchorReport>();
        foreach (var origin in candidates.Select(c => c.Checkpoint.Checkpoint.Origin).Distinct(StringComparer.Ordinal))
        {
            reports.Add(await AllChainsVerifier.CheckAsync(origin, headsLog, rootOf, candidates, required, cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    private List<AnchorCandidate> Candidates(string originSuffix, IReadOnlyDictionary<long, List<byte[]>>? recordedCosignatures, CheckpointKeyHistory? keys) =>
        stored.Where(s => s.Checkpoint.Checkpoint.Origin.EndsWith(originSuffix, StringComparison.Ordinal)).Select(s =>
        {
            var candidate = AnchorCandidate.Of(s, verifier.Verify, witnesses, recordedCosignatures?.GetValueOrDefault(s.Checkpoint.Checkpoint.TreeSize));
            return candidate with
            {
                KeyRefusal = candidate.Signature.IsValid && keys?.Judge(candidate.Signature) is { } refusal ? $"{refusal.Kind}: {refusal.Message}" : null,
                Epoch = s.Epoch,
            };
        }).ToList();
}
