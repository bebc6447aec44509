using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// The outcome of <see cref="CmsSignatureVerifier.Verify"/>: a status, a message naming the reason, and what was
/// learned about the signer before the first failing check. Immutable and safe to share between threads.
/// </summary>
public sealed class SignatureVerificationResult
{
    private readonly IReadOnlyList<CertificateFacts> chainFacts;
    private IReadOnlyList<X509Certificate2>? chain;

    internal SignatureVerificationResult(
        SignatureVerificationStatus status,
        string message,
        X509Certificate2? signerCertificate = null,
        Instant? signingTime = null,
        IReadOnlyList<CertificateFacts>? chainFacts = null,
        SignatureTime? judgedAt = null)
    {
        Status = status;
        Message = message;
        SignerCertificate = signerCertificate;
        SigningTime = signingTime;
        this.chainFacts = chainFacts ?? [];
        TrustedTime = judgedAt?.At ?? signingTime;
        TimeBasis = judgedAt?.Basis ?? SigningTimeBasis.ClaimedSigningTime;
        TimeBasisReason = judgedAt?.Reason ?? "no timestamp was checked";
        Timestamp = judgedAt?.Timestamp;
    }

    /// <summary>The most severe failure found, or <see cref="SignatureVerificationStatus.Valid"/>.</summary>
    public SignatureVerificationStatus Status { get; }

    /// <summary>Whether <see cref="Status"/> is <see cref="SignatureVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == SignatureVerificationStatus.Valid;

    /// <summary>
    /// Whether the signature is intact over its content but its signer is not established as suitable and trusted: an
    /// untrusted chain, a revoked, expired or unsuitable certificate, or missing key usage (the statuses below
    /// <see cref="SignatureVerificationStatus.MissingSigningTime"/>). Such a failure is a trust finding, not evidence that
    /// the signed bytes were changed.
    /// </summary>
    public bool IsTrustProblem => Status is > SignatureVerificationStatus.Valid and < SignatureVerificationStatus.MissingSigningTime;

    /// <summary>A sentence for logs and auditors naming the reason and, where known, the certificate and times.</summary>
    public string Message { get; }

    /// <summary>
    /// The signer certificate embedded in the signature, or null when the signature is malformed or does not have
    /// exactly one signer. Owned by this result; trust it only when <see cref="IsValid"/>.
    /// </summary>
    public X509Certificate2? SignerCertificate { get; }

    /// <summary>
    /// The time from the signingTime signed attribute, as claimed by the signer (not a trusted timestamp: see
    /// <see cref="TrustedTime"/>), or null
    /// when it was absent or the check did not get that far.
    /// </summary>
    public Instant? SigningTime { get; }

    /// <summary>
    /// The time the signer's certificate, revocation and (for approvals) role grants were judged at: a verified
    /// timestamp's time when <see cref="TimeBasis"/> is <see cref="SigningTimeBasis.Timestamp"/>, otherwise the claimed
    /// <see cref="SigningTime"/>; null when the check did not get that far.
    /// </summary>
    public Instant? TrustedTime { get; }

    /// <summary>Which time <see cref="TrustedTime"/> is.</summary>
    public SigningTimeBasis TimeBasis { get; }

    /// <summary>Why that time was used, for reports (for example "no timestamp token", or the timestamp's authority).</summary>
    public string TimeBasisReason { get; }

    /// <summary>The check of the signature's RFC 3161 timestamp token, when it carries one and time-stamping anchors are configured.</summary>
    public TimestampVerificationResult? Timestamp { get; }

    /// <summary>
    /// The certificate chain, signer first and trust anchor last; for an untrusted chain, as far as it could be built;
    /// empty when chain building was not reached. Created on first access, each result gets its own instances.
    /// </summary>
    public IReadOnlyList<X509Certificate2> Chain =>
        LazyInitializer.EnsureInitialized(ref chain, () => chainFacts
            .Select(f => X509CertificateLoader.LoadCertificate(f.Certificate.RawDataMemory.Span))
            .ToArray());

    /// <summary>The status and message, for logs.</summary>
    public override string ToString() => $"{Status}: {Message}";
}
