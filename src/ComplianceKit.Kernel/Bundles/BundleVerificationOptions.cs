using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;

namespace ComplianceKit.Bundles;

/// <summary>What a bundle verification compares against and reports to, beyond the trust anchors.</summary>
public sealed class BundleVerificationOptions
{
    /// <summary>
    /// The officer's earlier checkpoint: the bundle must prove that its checkpoint extends it (same origin,
    /// and an RFC 9162 consistency proof, or the entries themselves in a full export).
    /// </summary>
    public Checkpoint? PreviousCheckpoint { get; init; }

    /// <summary>
    /// The auditor's pinned administration root(s) (docs/FORMAT.md, 7.1 and 12.9): administrative entries in the bundle count only when
    /// an administrator under them signed them, and a bundle that declares another root (or none) is
    /// <see cref="BundleFindingKind.AdministrationRootMismatch"/>. <see langword="null"/>: not pinned (see <see cref="AdministrationRootSha256"/>).
    /// </summary>
    public IReadOnlyList<X509Certificate2>? AdministrationRoots { get; init; }

    /// <summary>
    /// The SHA-256 (64 hex digits) of the administration root the auditor expects the bundle to declare, when they hold its
    /// fingerprint rather than the certificate: the declared root with that fingerprint is then pinned. Ignored when
    /// <see cref="AdministrationRoots"/> is set. With neither, the declared root is used and reported as not pinned.
    /// </summary>
    public string? AdministrationRootSha256 { get; init; }

    /// <summary>
    /// Published checkpoints the auditor holds (for example <c>DirectoryCheckpointSink.ReadAll</c> of a sink's directory, with the co-signatures
    /// kept beside them): the bundle must be a consistent extension of every one of its origin that it covers (docs/FORMAT.md 12.14), and they
    /// anchor its entries. A contradiction is <see cref="BundleFindingKind.AnchorContradicted"/>. <see langword="null"/>: none held.
    /// </summary>
    public IReadOnlyList<Anchoring.StoredCheckpoint>? PublishedCheckpoints { get; init; }

    /// <summary>
    /// The witness certificates whose co-signatures count (pinned by SHA-256, docs/FORMAT.md 13.4), for the published checkpoints and for those
    /// the bundle carries. Without any, the checkpoints a bundle carries anchor nothing (they are the operator's own word).
    /// </summary>
    public IReadOnlyList<X509Certificate2> Witnesses { get; init; } = [];

    /// <summary>
    /// How many of <see cref="Witnesses"/> must co-sign a checkpoint for it to anchor: <see langword="null"/> means all of them. With one or
    /// more required, a bundle of which no checkpoint it extends has that many is <see cref="BundleFindingKind.WitnessQuorumNotMet"/>.
    /// </summary>
    public int? WitnessesRequired { get; init; }

    /// <summary>
    /// Roots of the RFC 3161 time-stamping authorities the auditor trusts (docs/FORMAT.md 12.13), added to the trust policy's
    /// <see cref="Signing.SignatureTrustPolicy.TimestampAuthorityTrustAnchors"/> for this verification: the checkpoint's and approvals'
    /// timestamp tokens are then checked and their signers judged at the timestamp's time, as <c>verify --db</c> does. Without trust
    /// anchors for the signers (integrity only) tokens are not checked. <see langword="null"/> or empty: only the policy's own.
    /// </summary>
    public IReadOnlyList<X509Certificate2>? TimestampAuthorityTrustAnchors { get; init; }

    /// <summary>
    /// The SHA-256 (64 hex digits) of the organisation checkpoint certificate the auditor holds (typically the original one): the bundle's
    /// checkpoint must be signed by it or by a key the bundle's chain of key rotations leads to from it (docs/FORMAT.md 12.16), else
    /// <see cref="BundleFindingKind.CheckpointKeyRefused"/>. Needs trust anchors. <see langword="null"/>: not pinned (the chain is still judged).
    /// </summary>
    public string? CheckpointKeySha256 { get; init; }

    /// <summary>Told how many entries have been verified, about every 64 Ki entries and at the end.</summary>
    public IProgress<BundleProgress>? Progress { get; init; }

    /// <summary>
    /// Called with every entry of <c>entries.jsonl</c> after it has been checked, in file order, on the
    /// verifier's worker thread (one call at a time); a report collects what it shows this way, without a
    /// second pass. It must not block for long: reading waits for it.
    /// </summary>
    public Action<LedgerEntry>? OnEntry { get; init; }

    /// <summary>The size and count caps; <see cref="BundleLimits.Default"/> when not set.</summary>
    public BundleLimits Limits { get; init; } = BundleLimits.Default;
}
