using ComplianceKit.CheckpointKeys;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// How the chain of checkpoint keys the bundle carries judged its checkpoint signature (docs/FORMAT.md 12.16 and 13.6): the chain built
/// from the bundle's <c>checkpoint.key.*</c> entries, the keys followed from the one the auditor pinned (or the chain's first) to the
/// checkpoint's, the compromised keys, and the refusal when there is one. Immutable.
/// </summary>
public sealed class BundleCheckpointKeys
{
    internal BundleCheckpointKeys()
    {
    }

    /// <summary>The checkpoint key the auditor pinned (the organisation certificate they hold), or <see langword="null"/> when none was pinned.</summary>
    public string? PinnedCertificateSha256 { get; internal init; }

    /// <summary>The SHA-256 of the certificate that signed <c>checkpoint.p7s</c>.</summary>
    public string CheckpointCertificateSha256 { get; internal init; } = "";

    /// <summary>The chain of keys, oldest first, from the rotations that count; empty when the bundle carries none.</summary>
    public IReadOnlyList<CheckpointKeyPeriod> Chain { get; internal init; } = [];

    /// <summary>
    /// The keys walked from the pinned key (or, unpinned, the chain's first key) to the checkpoint's key, both included; empty when the chain
    /// does not lead there.
    /// </summary>
    public IReadOnlyList<string> Followed { get; internal init; } = [];

    /// <summary>The keys recorded compromised (by entries that count) and from when, by certificate fingerprint.</summary>
    public IReadOnlyDictionary<string, Instant> Compromises { get; internal init; } = new Dictionary<string, Instant>();

    /// <summary>The rotation entries that do not count, each with why (each is also a <see cref="BundleFindingKind.CheckpointKeyRotationIgnored"/>).</summary>
    public IReadOnlyList<CheckpointKeyFinding> IgnoredRotations { get; internal init; } = [];

    /// <summary>Why the checkpoint signature is refused (also a <see cref="BundleFindingKind.CheckpointKeyRefused"/>), or <see langword="null"/> when accepted.</summary>
    public CheckpointKeyRefusal? Refusal { get; internal init; }

    /// <summary>Whether the chain of keys accepts the checkpoint signature.</summary>
    public bool Accepted => Refusal is null;
}
