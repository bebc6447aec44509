using ComplianceKit.CheckpointKeys;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON of one chain's checkpoint keys in <c>verify --db --checkpoints --json</c> and <c>checkpoint-key list --json</c> (FORMAT.md 13.6).</summary>
internal sealed record CheckpointKeysJson(string ChainId, IReadOnlyList<CheckpointKeysJson.KeyJson> Keys, IReadOnlyList<CheckpointKeysJson.CompromiseJson> Compromised,
    IReadOnlyList<CheckpointKeysJson.FindingJson> Ignored)
{
    public static CheckpointKeysJson From(string chainId, CheckpointKeyHistory history) =>
        new(chainId,
            history.Keys.Select(k => new KeyJson(k.CertificateSha256, k.From?.ToString(), k.Until?.ToString(), k.RotationSequence)).ToList(),
            history.Compromises.Select(c => new CompromiseJson(c.Key, c.Value.ToString())).ToList(),
            history.Findings.Select(f => new FindingJson(f.Sequence, f.Kind.ToString(), f.Message)).ToList());

    internal sealed record KeyJson(string CertificateSha256, string? From, string? Until, long? RotationSequence);

    internal sealed record CompromiseJson(string CertificateSha256, string CompromisedFrom);

    internal sealed record FindingJson(long Sequence, string Kind, string Message);
}
