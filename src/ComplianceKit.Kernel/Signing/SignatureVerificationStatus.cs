namespace ComplianceKit.Signing;

/// <summary>
/// The outcome of verifying a detached CMS signature, ordered by severity: <see cref="Valid"/> is 0 and a
/// larger value is a more severe failure, so <c>status &gt;= SignatureVerificationStatus.UntrustedChain</c>
/// reads as "at least as bad as an untrusted chain". Compare statuses by name or by order, never by number: a new
/// status takes its place in the order, as <see cref="SignerCertificateUnsuitable"/> did.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="CmsSignatureVerifier"/> runs its checks from the most severe status to the least and reports the
/// first that fails, so the reported status is the most severe failure among the checks that ran. Statuses from
/// <see cref="MissingSigningTime"/> up concern the message itself (nothing is proven about who signed what);
/// statuses below it concern the signer's certificate and its time (the claimed signing time, or a verified timestamp's).
/// </para>
/// <para>Most severe first: <see cref="Malformed"/>, <see cref="UnexpectedSignerCount"/>,
/// <see cref="UnsupportedAlgorithm"/>, <see cref="ContentMismatch"/>, <see cref="SignatureInvalid"/>,
/// <see cref="MissingSigningTime"/>, <see cref="TimestampRejected"/>, <see cref="UntrustedChain"/>, <see cref="Revoked"/>,
/// <see cref="NotValidAtSigningTime"/>, <see cref="SignerCertificateUnsuitable"/>, <see cref="KeyUsageMissing"/>, <see cref="SigningTimeOutsideTolerance"/>, then
/// <see cref="Valid"/>. The statuses below <see cref="MissingSigningTime"/> are trust problems (who signed is not
/// established as a suitable, trusted signer, although the signature over the content is intact);
/// <see cref="SignatureVerificationResult.IsTrustProblem"/> says so.</para>
/// </remarks>
public enum SignatureVerificationStatus
{
    /// <summary>Every check passed.</summary>
    Valid = 0,

    /// <summary>
    /// Everything verified, but the signingTime the signer claims and the time of its verified RFC 3161 timestamp differ by
    /// more than <see cref="SignatureTrustPolicy.SigningTimeTolerance"/>: the claimed time is not credible.
    /// </summary>
    SigningTimeOutsideTolerance = 1,

    /// <summary>
    /// The signer certificate has no key usage extension, or the extension allows neither
    /// digitalSignature nor nonRepudiation.
    /// </summary>
    KeyUsageMissing = 2,

    /// <summary>
    /// The signer certificate fails <see cref="SignerCertificatePolicy"/>: it is a CA certificate, or its key is smaller
    /// than RSA-2048 or ECDSA P-256. The message names the specific reason.
    /// </summary>
    SignerCertificateUnsuitable = 3,

    /// <summary>
    /// A certificate in the chain was expired or not yet valid at the time the signature was judged at (the timestamp's
    /// when one verified, otherwise the signing time claimed in the signature).
    /// </summary>
    NotValidAtSigningTime = 4,

    /// <summary>
    /// A certificate in the chain is listed, with a revocation date at or before the time the signature was judged at, in a
    /// certificate revocation list supplied in the <see cref="SignatureTrustPolicy"/> and signed by its issuer.
    /// </summary>
    Revoked = 5,

    /// <summary>The signer certificate does not chain to a trust anchor of the <see cref="SignatureTrustPolicy"/>.</summary>
    UntrustedChain = 6,

    /// <summary>
    /// The signature carries an RFC 3161 timestamp token (signatureTimeStampToken) that the policy's time-stamping trust
    /// anchors do not accept (<see cref="TimestampVerificationStatus"/> says why, in <see cref="SignatureVerificationResult.Timestamp"/>).
    /// </summary>
    TimestampRejected = 7,

    /// <summary>The signature has no signing-time signed attribute, so the certificate cannot be judged at a time.</summary>
    MissingSigningTime = 8,

    /// <summary>
    /// The signature value does not verify with the signer's public key over the signed attributes (forged or
    /// corrupted), although the signed message digest matches the content.
    /// </summary>
    SignatureInvalid = 9,

    /// <summary>
    /// The signed message digest does not match the content supplied: the statement is not the one that was signed.
    /// </summary>
    ContentMismatch = 10,

    /// <summary>The digest or key algorithm is not one this verifier accepts (SHA-256/384/512 with RSA or ECDSA).</summary>
    UnsupportedAlgorithm = 11,

    /// <summary>The signature does not have exactly one signer.</summary>
    UnexpectedSignerCount = 12,

    /// <summary>
    /// The bytes are not a DER CMS SignedData, or lack the signer certificate, or a signed attribute or the timestamp
    /// attribute is garbled.
    /// </summary>
    Malformed = 13,
}
