using ComplianceKit.Approvals;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>An approval found in a bundle, as verified: what the statement says and what the checks found.</summary>
public sealed record BundleApproval
{
    /// <summary>The sequence of the <c>approval.signed</c> entry.</summary>
    public required long Sequence { get; init; }

    /// <summary>What is approved, <c>kind:id</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The decision.</summary>
    public required ApprovalDecision Decision { get; init; }

    /// <summary>The conditions of an approval with conditions.</summary>
    public string? Conditions { get; init; }

    /// <summary>What the signature means.</summary>
    public required SignatureMeaning Meaning { get; init; }

    /// <summary>The signer's printed name, as the statement states it.</summary>
    public required string SignerName { get; init; }

    /// <summary>The role the signer signs in.</summary>
    public required string Role { get; init; }

    /// <summary>The signing time the statement states (whole seconds, equal to the CMS signing time when bound).</summary>
    public required Instant SignedAt { get; init; }

    /// <summary>The SHA-256 of the approved artifact, lower-case hex.</summary>
    public required string ArtifactSha256 { get; init; }

    /// <summary>The SHA-256 fingerprint of the certificate the statement names.</summary>
    public required string CertificateSha256 { get; init; }

    /// <summary>The subject of the certificate that actually signed, when the signature could be decoded.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>The outcome of verifying the CMS signature against the trust anchors.</summary>
    public required SignatureVerificationStatus SignatureStatus { get; init; }

    /// <summary>The verifier's sentence about the signature.</summary>
    public required string SignatureMessage { get; init; }

    /// <summary>
    /// The time the signer's certificate and role grant were judged at: the verified RFC 3161 timestamp's time when
    /// <see cref="TimeBasis"/> is <see cref="SigningTimeBasis.Timestamp"/>, else the claimed signing time (docs/FORMAT.md 12.13).
    /// </summary>
    public Instant? TrustedTime { get; init; }

    /// <summary>Which time <see cref="TrustedTime"/> is.</summary>
    public SigningTimeBasis TimeBasis { get; init; }

    /// <summary>Why that time was used, for the report.</summary>
    public string? TimeBasisReason { get; init; }

    /// <summary>Why the statement is not bound to its signature, certificate or this ledger, or <see langword="null"/> when it is.</summary>
    public string? BindingProblem { get; init; }

    /// <summary>
    /// Whether the certificate held the role at the signing time according to the role entries in the bundle;
    /// <see langword="null"/> when the bundle holds no role entries (a selective export).
    /// </summary>
    public bool? Authorized { get; init; }
}
