using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// What a <see cref="CmsSignatureVerifier"/> trusts: its own trust anchors (never the machine or user certificate
/// store), optional intermediate CA certificates, and optional offline certificate revocation lists.
/// </summary>
/// <remarks>
/// A verifier copies everything it needs when it is constructed; changing or disposing the policy's certificates
/// afterwards does not affect an existing verifier. Nothing is fetched from the network: chains are built only from
/// these certificates and revocation is judged only from these CRLs. Not thread-safe while being filled in.
/// </remarks>
public sealed class SignatureTrustPolicy
{
    /// <summary>Creates a policy trusting exactly <paramref name="trustAnchors"/> (usually root CA certificates).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="trustAnchors"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="trustAnchors"/> is empty or contains null.</exception>
    public SignatureTrustPolicy(IEnumerable<X509Certificate2> trustAnchors)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        foreach (var anchor in trustAnchors)
        {
            TrustAnchors.Add(anchor ?? throw new ArgumentException("A trust anchor is null.", nameof(trustAnchors)));
        }

        if (TrustAnchors.Count == 0)
        {
            throw new ArgumentException("At least one trust anchor is required.", nameof(trustAnchors));
        }
    }

    /// <summary>The certificates a signer's chain must end at (X509ChainTrustMode.CustomRootTrust).</summary>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>
    /// Intermediate CA certificates available for chain building. Certificates embedded in a signature other than
    /// the signer's own are not used, so the trust decision depends only on this policy and the signer certificate.
    /// </summary>
    public X509Certificate2Collection IntermediateCertificates { get; } = [];

    /// <summary>
    /// Certificate revocation lists, each DER or PEM ("-----BEGIN X509 CRL-----", several blocks allowed). Each
    /// must be a full CRL signed by one of the trust anchors or intermediates; the verifier's constructor rejects
    /// any other. A certificate listed with a revocation date at or before the signing time is revoked. Certificates
    /// whose issuer has no CRL here are not checked for revocation, and a CRL's nextUpdate is not enforced: offline
    /// verification of old signatures relies on the newest CRL the auditor has.
    /// </summary>
    public IList<byte[]> CertificateRevocationLists { get; } = [];

    /// <summary>
    /// Roots of the RFC 3161 time-stamping authorities whose tokens are trusted (kept apart from <see cref="TrustAnchors"/>:
    /// an organisation's CA does not vouch for time). When a signature carries a signatureTimeStampToken and this is not
    /// empty, the token is checked (<see cref="TimestampTokenVerifier"/>) and the signer's certificate, revocation and role
    /// grants are judged at its time; a token they do not accept is <see cref="SignatureVerificationStatus.TimestampRejected"/>.
    /// When empty, tokens are not checked and the claimed signing time is used, and the result says so.
    /// </summary>
    public X509Certificate2Collection TimestampAuthorityTrustAnchors { get; } = [];

    /// <summary>
    /// How far the claimed signingTime may be from a verified timestamp's time (either way) before the signature is
    /// <see cref="SignatureVerificationStatus.SigningTimeOutsideTolerance"/>; five minutes unless set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative duration.</exception>
    public Duration SigningTimeTolerance
    {
        get => _signingTimeTolerance;
        set => _signingTimeTolerance = value >= Duration.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The tolerance cannot be negative.");
    }

    private Duration _signingTimeTolerance = Duration.FromMinutes(5);

    /// <summary>Reads a DER or PEM CRL file into <see cref="CertificateRevocationLists"/>.</summary>
    /// <param name="path">The CRL file.</param>
    /// <returns>This policy, for chaining.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public SignatureTrustPolicy AddCertificateRevocationListFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CertificateRevocationLists.Add(File.ReadAllBytes(path));
        return this;
    }
}
