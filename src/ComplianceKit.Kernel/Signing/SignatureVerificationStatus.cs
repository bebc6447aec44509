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
/// statuses below it concern the signer's certificate at the claimed signing time.
/// </para>
/// <para>Most severe first: <see cref="Malformed"/>, <see cref="UnexpectedSignerCount"/>,
/// <see cref="UnsupportedAlgorithm"/>, <see cref="ContentMismatch"/>, <see cref="SignatureInvalid"/>,
/// <see cref="MissingSigningTime"/>, <see cref="UntrustedChain"/>, <see cref="Revoked"/>,
/// <see cref="NotValidAtSigningTime"/>, <see cref="SignerCertificateUnsuitable"/>, <see cref="KeyUsageMissing"/>, then
/// <see cref="Valid"/>. The statuses below <see cref="MissingSigningTime"/> are trust problems (who signed is not
/// established as a suitable, trusted signer, although the signature over the content is intact);
/// <see cref="SignatureVerificationResult.IsTrustProblem"/> says so.</para>
/// </remarks>
public enum SignatureVerificationStatus
{
    /// <summary>Every check passed.</summary>
    Valid = 0,

    /// <summary>
    /// The signer certificate has no key usage extension, or the extension allows neither
    /// digitalSignature nor nonRepudiation.
    /// </summary>
    KeyUsageMissing = 1,

    /// <summary>
    /// The signer certificate fails <see cref="SignerCertificatePolicy"/>: it is a CA certificate, or its key is smaller
    /// than RSA-2048 or ECDSA P-256. The message names the specific reason.
    /// </summary>
    SignerCertificateUnsuitable = 2,

    /// <summary>
    /// A certificate in the chain was expired or not yet valid at the signing time claimed in the signature.
    /// </summary>
    NotValidAtSigningTime = 3,

    /// <summary>
    /// A certificate in the chain is listed, with a revocation date at or before the signing time, in a
    /// certificate revocation list supplied in the <see cref="SignatureTrustPolicy"/> and signed by its issuer.
    /// </summary>
    Revoked = 4,

    /// <summary>The signer certificate does not chain to a trust anchor of the <see cref="SignatureTrustPolicy"/>.</summary>
    UntrustedChain = 5,

    /// <summary>The signature has no signing-time signed attribute, so the certificate cannot be judged at a time.</summary>
    MissingSigningTime = 6,

    /// <summary>
    /// The signature value does not verify with the signer's public key over the signed attributes (forged or
    /// corrupted), although the signed message digest matches the content.
    /// </summary>
    SignatureInvalid = 7,

    /// <summary>
    /// The signed message digest does not match the content supplied: the statement is not the one that was signed.
    /// </summary>
    ContentMismatch = 8,

    /// <summary>The digest or key algorithm is not one this verifier accepts (SHA-256/384/512 with RSA or ECDSA).</summary>
    UnsupportedAlgorithm = 9,

    /// <summary>The signature does not have exactly one signer.</summary>
    UnexpectedSignerCount = 10,

    /// <summary>
    /// The bytes are not a DER CMS SignedData, or lack the signer certificate, or a signed attribute is garbled.
    /// </summary>
    Malformed = 11,
}
