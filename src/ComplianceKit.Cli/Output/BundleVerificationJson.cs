using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>verify &lt;bundle.zip&gt; --json</c>, documented in docs/BUNDLE.md ("The JSON report").</summary>
internal sealed record BundleVerificationJson
{
    public required string Bundle { get; init; }

    public required BundleVerdict Verdict { get; init; }

    public required bool Valid { get; init; }

    public required int ExitCode { get; init; }

    public required bool TrustChecked { get; init; }

    /// <summary>The manifest's <c>format</c> (which version's rules the bundle was judged by); null when no manifest was read.</summary>
    public string? Format { get; init; }

    public string? Organization { get; init; }

    public string? ChainId { get; init; }

    public string? CreatedAt { get; init; }

    public ScopeJson? Scope { get; init; }

    public CheckpointJson? Checkpoint { get; init; }

    public PreviousJson? PreviousCheckpoint { get; init; }

    /// <summary>What published checkpoints and witness co-signatures anchor (docs/FORMAT.md 12.14); null when nothing was asked or carried.</summary>
    public AnchoringJson? Anchoring { get; init; }

    /// <summary>How the chain of checkpoint keys judged the checkpoint (docs/FORMAT.md 12.16); null without trust anchors or a verified checkpoint signature.</summary>
    public KeyChainJson? CheckpointKeys { get; init; }
    /// <summary>Whether revocation was checked from the CRLs and OCSP responses the bundle carries (FORMAT.md 12.15), and each signature's verdict; <c>checked</c> false: not checked.</summary>
    public RevocationJson? Revocation { get; init; }

    public required EntriesJson Entries { get; init; }

    public required IReadOnlyList<ApprovalJson> Approvals { get; init; }

    public bool? TrustAnchorDeclared { get; init; }

    /// <summary>The administration root(s) administrative entries were judged against, and whether the auditor pinned them.</summary>
    public required AdministrationRootJson AdministrationRoot { get; init; }

    public required long TotalFailures { get; init; }

    public required IReadOnlyList<FindingJson> Findings { get; init; }

    public static BundleVerificationJson From(string bundle, BundleVerificationReport report, int exitCode)
    {
        var manifest = report.Manifest;
        var signature = report.CheckpointSignature;
        return new BundleVerificationJson
        {
            Bundle = bundle,
            Verdict = report.Verdict,
            Valid = report.IsValid,
            ExitCode = exitCode,
            TrustChecked = report.TrustChecked,
            Format = manifest is null ? null : BundleFormat.FormatIdOf(manifest.Version),
            Organization = manifest?.Organization,
            ChainId = manifest?.ChainId,
            CreatedAt = manifest is null ? null : BundleInstant.Format(manifest.CreatedAt),
            Scope = manifest is null ? null : new ScopeJson(manifest.Scope.IsFull ? "full" : "selective",
                manifest.Scope.From is { } from ? BundleInstant.Format(from) : null,
                manifest.Scope.To is { } to ? BundleInstant.Format(to) : null, manifest.Scope.EntryTypes, manifest.Scope.Subjects),
            Checkpoint = report.Checkpoint is not { } checkpoint ? null : new CheckpointJson(checkpoint.Origin, checkpoint.TreeSize, Hex.Format(checkpoint.Root),
                signature is null ? null : new SignatureJson(signature.Status.ToString(), signature.Message, signature.SignerCertificate?.Subject,
                    signature.SignerCertificate is { } certificate ? ComplianceKit.Approvals.CertificateFingerprint.Of(certificate) : null,
                    signature.SigningTime is { } time ? BundleInstant.Format(time) : null,
                    signature.TrustedTime is { } trusted ? BundleInstant.Format(trusted) : null, signature.TimeBasis.ToString(), signature.TimeBasisReason)),
            PreviousCheckpoint = report.PreviousCheckpoint is not { } previous ? null
                : new PreviousJson(previous.TreeSize, Hex.Format(previous.Root), previous.FromOfficer ? "officer" : "bundle", previous.Consistent),
            Anchoring = report.Anchoring is not { } anchoring ? null : new AnchoringJson(AnchorJson.From(anchoring.Report), anchoring.CheckpointsCarried,
                anchoring.CheckpointsNewerThanBundle, anchoring.WitnessesRequired, anchoring.NewestAnchorWitnesses),
            CheckpointKeys = report.CheckpointKeys is not { } keys ? null : new KeyChainJson(keys.PinnedCertificateSha256, keys.CheckpointCertificateSha256, keys.Accepted,
                keys.Refusal?.Kind.ToString(), keys.Refusal?.Message, keys.Followed,
                keys.Chain.Select(k => new CheckpointKeysJson.KeyJson(k.CertificateSha256, k.From?.ToString(), k.Until?.ToString(), k.RotationSequence)).ToList(),
                keys.Compromises.Select(c => new CheckpointKeysJson.CompromiseJson(c.Key, c.Value.ToString())).ToList(),
                keys.IgnoredRotations.Select(f => new CheckpointKeysJson.FindingJson(f.Sequence, f.Kind.ToString(), f.Message)).ToList()),
            Revocation = manifest is null ? null : new RevocationJson(report.Revocation is not null,
                report.Revocation?.Select(r => new SignatureRevocationJson(r.SignatureFile, r.Sequence, r.SignerSubject, BundleInstant.Format(r.JudgedAt), r.Status.ToString(),
                    r.EvidenceFile, r.Message)).ToList() ?? []),
            Entries = new EntriesJson(report.EntriesRead, report.PurgedEntries, report.EntryCountsByType),
            Approvals = report.Approvals.Select(a => new ApprovalJson(a.Sequence, a.Subject, a.Decision.ToString(), a.Conditions, a.Meaning.ToString(),
                a.SignerName, a.Role, BundleInstant.Format(a.SignedAt), a.ArtifactSha256, a.CertificateSha256, a.CertificateSubject,
                a.SignatureStatus.ToString(), a.SignatureMessage, a.BindingProblem, a.Authorized,
                a.TrustedTime is { } trusted ? BundleInstant.Format(trusted) : null, a.TimeBasis.ToString(), a.TimeBasisReason)).ToList(),
            TrustAnchorDeclared = report.TrustAnchorDeclared,
            AdministrationRoot = new AdministrationRootJson(report.AdministrationRootSha256s, report.AdministrationRootPinned),
            TotalFailures = report.TotalFailures,
            Findings = report.Findings.Select(f => new FindingJson(f.Kind, (int)f.Kind,
                f.IsTampering ? "tampering" : f.IsTrustProblem ? "trust" : f.IsUnreadable ? "unreadable" : f.IsRefusal ? "refusal" : "note", f.File, f.Sequence, f.Message)).ToList(),
        };
    }

    internal sealed record RevocationJson(bool Checked, IReadOnlyList<SignatureRevocationJson> Signatures);

    /// <summary>
    /// One signature's revocation verdict: the member signed (with the entry's sequence for signed evidence, whose signature is in entries.jsonl),
    /// its signer, the time judged at, the status and the CRL or OCSP response it rests on.
    /// </summary>
    internal sealed record SignatureRevocationJson(string File, long? Sequence, string Signer, string JudgedAt, string Status, string? Evidence, string Message);

    internal sealed record ScopeJson(string Kind, string? From, string? To, IReadOnlyList<string> EntryTypes, IReadOnlyList<string> Subjects);

    internal sealed record CheckpointJson(string Origin, long TreeSize, string TreeRoot, SignatureJson? Signature);

    /// <summary>A signature's outcome; <c>trustedTime</c> is the time its signer was judged at, <c>timeBasis</c> which time that is and why (FORMAT.md 12.14).</summary>
    internal sealed record SignatureJson(string Status, string Message, string? Signer, string? SignerSha256, string? SignedAt, string? TrustedTime, string TimeBasis,
        string TimeBasisReason);

    internal sealed record PreviousJson(long TreeSize, string TreeRoot, string Source, bool? Consistent);

    internal sealed record AnchoringJson(AnchorJson Chain, int CheckpointsCarried, int CheckpointsNewerThanBundle, int WitnessesRequired,
        IReadOnlyList<string> NewestAnchorWitnesses);

    internal sealed record KeyChainJson(string? PinnedSha256, string CheckpointKeySha256, bool Accepted, string? Refusal, string? RefusalMessage,
        IReadOnlyList<string> Followed, IReadOnlyList<CheckpointKeysJson.KeyJson> Chain, IReadOnlyList<CheckpointKeysJson.CompromiseJson> Compromised,
        IReadOnlyList<CheckpointKeysJson.FindingJson> Ignored);

    internal sealed record EntriesJson(long Read, long Purged, IReadOnlyDictionary<string, long> ByType);

    internal sealed record ApprovalJson(long Sequence, string Subject, string Decision, string? Conditions, string Meaning, string SignerName,
        string Role, string SignedAt, string ArtifactSha256, string CertificateSha256, string? CertificateSubject, string SignatureStatus,
        string SignatureMessage, string? BindingProblem, bool? Authorized, string? TrustedTime, string TimeBasis, string? TimeBasisReason);

    internal sealed record FindingJson(BundleFindingKind Kind, int Code, string Severity, string? File, long? Sequence, string Message);
}

/// <summary>The administration root of a bundle verification: the SHA-256 of each root judged against, and whether the auditor pinned it.</summary>
internal sealed record AdministrationRootJson(IReadOnlyList<string> CertificateSha256s, bool Pinned);
