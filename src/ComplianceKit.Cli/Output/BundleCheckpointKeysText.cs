using ComplianceKit.Bundles;

namespace ComplianceKit.Cli.Output;

/// <summary>
/// The lines that say how the chain of checkpoint keys judged a bundle's checkpoint (FORMAT.md 12.16): the key that signed, the keys
/// followed from the pinned one, each key's period, compromises and ignored rotations. Shared by <c>verify</c>'s text and <c>report</c>'s HTML.
/// </summary>
internal static class BundleCheckpointKeysText
{
    public static IEnumerable<string> Lines(BundleCheckpointKeys keys)
    {
        yield return keys.Refusal is { } refusal
            ? $"{keys.CheckpointCertificateSha256}: REFUSED ({refusal.Kind})"
            : $"{keys.CheckpointCertificateSha256}: accepted";
        var path = keys.Followed.Count == 0 ? "(no path)" : string.Join(" -> ", keys.Followed);
        yield return keys.PinnedCertificateSha256 is { } pinned
            ? $"followed from your pinned key {pinned}: {path}"
            : keys.Chain.Count == 0 ? "no rotation in the bundle; key not pinned (give --checkpoint-key)" : $"followed from the chain's first key (not pinned): {path}";
        foreach (var key in keys.Chain)
        {
            var rotation = key.RotationSequence is { } sequence ? $" (rotation entry {sequence})" : "";
            yield return $"  {key.CertificateSha256} from {key.From?.ToString() ?? "the start"} until {key.Until?.ToString() ?? "now"}{rotation}";
        }

        foreach (var (key, from) in keys.Compromises)
        {
            yield return $"  {key} compromised from {from}: refused unless timestamped earlier";
        }

        foreach (var ignored in keys.IgnoredRotations)
        {
            yield return $"  ignored: {ignored.Kind}: {ignored.Message}";
        }
    }
}
