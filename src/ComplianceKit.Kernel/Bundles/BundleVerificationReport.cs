using ComplianceKit.Anchoring;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// The outcome of verifying one bundle: the verdict, every finding (capped at
/// <see cref="EvidenceBundleVerifier.MaxRecordedFindings"/>, with the total counted), and what a person
/// reads in a report: the organisation, checkpoint and signer, counts by entry type, and every approval.
/// </summary>
public sealed class BundleVerificationReport
{
    internal BundleVerificationReport()
    {
    }

    /// <summary>The verdict: verified, unreadable (exit code 2) or invalid (exit code 1).</summary>
    public BundleVerdict Verdict { get; internal init; }

    /// <summary>Whether the bundle verified.</summary>
    public bool IsValid => Verdict == BundleVerdict.Verified;

    /// <summary>
    /// Whether signatures were checked against trust anchors. Without anchors a verified bundle is intact
    /// and self-consistent, but who signed it is not established.
    /// </summary>
    public bool TrustChecked { get; internal init; }

    /// <summary>The findings in the order made: failures and notes.</summary>
    public IReadOnlyList<BundleFinding> Findings { get; internal init; } = [];

    /// <summary>How many failures there were, including any beyond the recorded ones.</summary>
    public long TotalFailures { get; internal init; }

    /// <summary>The first failure, if any.</summary>
    public BundleFinding? FirstFailure => Findings.FirstOrDefault(f => f.IsFailure);

    /// <summary>The manifest, once it was read (even if a later check failed); <see langword="null"/> if it could not be read.</summary>
    public BundleManifest? Manifest { get; internal init; }

    /// <summary>The checkpoint, once it was parsed.</summary>
    public Checkpoint? Checkpoint { get; internal init; }

    /// <summary>The outcome of verifying the checkpoint signature, once it was checked.</summary>
    public SignatureVerificationResult? CheckpointSignature { get; internal init; }

    /// <summary>How many entry lines were read.</summary>
    public long EntriesRead { get; internal init; }

    /// <summary>How many entries of each type were read, sorted by type.</summary>
    public IReadOnlyDictionary<string, long> EntryCountsByType { get; internal init; } = new Dictionary<string, long>();

    /// <summary>How many entries had their payload purged, with a purge entry in the bundle accounting for it.</summary>
    public long PurgedEntries { get; internal init; }

    /// <summary>Every approval in the bundle (up to <see cref="EvidenceBundleVerifier.MaxRecordedFindings"/>), in sequence order.</summary>
    public IReadOnlyList<BundleApproval> Approvals { get; internal init; } = [];

    /// <summary>
    /// What published checkpoints and witness co-signatures anchor (docs/FORMAT.md 12.14): set when the auditor gave published checkpoints or
    /// witnesses, or the bundle carries checkpoints, and signatures were checked against trust anchors; otherwise <see langword="null"/>.
    /// </summary>
    public BundleAnchoring? Anchoring { get; internal init; }

    /// <summary>
    /// How the chain of checkpoint keys judged the checkpoint signature (docs/FORMAT.md 12.16): set when signatures were checked against trust
    /// anchors and the checkpoint signature verified; otherwise <see langword="null"/>.
    /// </summary>
    public BundleCheckpointKeys? CheckpointKeys { get; internal init; }

    /// <summary>The earlier checkpoint compared with, if any: the officer's, or else the one the bundle names.</summary>
    public PreviousCheckpointCheck? PreviousCheckpoint { get; internal init; }

    /// <summary>
    /// Whether one of the officer's trust anchors is among those the bundle declares; <see langword="null"/>
    /// without trust anchors or a manifest. Informative only: trust comes from the officer's anchors.
    /// </summary>
    public bool? TrustAnchorDeclared { get; internal init; }

    /// <summary>
    /// The SHA-256 of the administration root(s) administrative entries were judged against: the auditor's pin, or the roots the
    /// bundle declares when none was pinned; empty when there were none (entries were replayed as recorded, the weaker mode).
    /// </summary>
    public IReadOnlyList<string> AdministrationRootSha256s { get; internal init; } = [];

    /// <summary>Whether the administration root was pinned by the auditor (a PEM or a fingerprint that the bundle's root matched).</summary>
    public bool AdministrationRootPinned { get; internal init; }

    /// <summary>
    /// The revocation verdict on each signature's certificate, judged offline from the CRLs the bundle carries (docs/FORMAT.md 12.15);
    /// null when the bundle carries no revocation data, and then revocation was not checked (reports say so).
    /// </summary>
    public IReadOnlyList<Revocation.SignatureRevocation>? Revocation { get; internal init; }
}
