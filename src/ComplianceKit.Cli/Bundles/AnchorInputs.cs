using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Bundles;

/// <summary>The published checkpoints, trust and witnesses <c>verify</c> holds a chain to, resolved from <see cref="AnchorOptions"/>.</summary>
internal sealed class AnchorInputs(string folder, IReadOnlyList<StoredCheckpoint> stored, IReadOnlyList<StoredRestoreStatement> restores, CmsSignatureVerifier verifier,
    IReadOnlyList<X509Certificate2> witnesses, int required)
{
    public string Folder => folder;

    public int WitnessesRequired => required;

    public int WitnessCount => witnesses.Count;

    /// <summary>Judges the checkpoints of chain <paramref name="chainId"/> (any organisation's origin for it), one report per origin found, or one empty report.</summary>
    public async Task<IReadOnlyList<AnchorReport>> CheckAsync(string chainId, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt, CancellationToken cancellationToken)
    {
        var suffix = "/compliancekit/" + chainId;
        var mine = stored.Where(s => s.Checkpoint.Checkpoint.Origin.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        var candidates = mine.Select(s =>
        {
            var bytes = s.Checkpoint.Checkpoint.ToBytes();
            return new AnchorCandidate(s.File, s.Checkpoint, verifier.Verify(bytes, s.Checkpoint.Signature), WitnessCosignatures.Count(bytes, s.Cosignatures, witnesses))
            {
                Epoch = s.Epoch,
            };
        }).ToList();
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
}
