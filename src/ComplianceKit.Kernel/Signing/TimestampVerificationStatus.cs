namespace ComplianceKit.Signing;

/// <summary>
/// The outcome of checking an RFC 3161 timestamp token against a signature value, ordered like
/// <see cref="SignatureVerificationStatus"/>: <see cref="Valid"/> is 0 and a larger value is a more severe failure. Compare by
/// name or order, never by number.
/// </summary>
public enum TimestampVerificationStatus
{
    /// <summary>Every check passed: the time is the authority's, for this signature value.</summary>
    Valid = 0,

    /// <summary>
    /// The authority's certificate does not carry the extended key usage id-kp-timeStamping as RFC 3161 section 2.3 requires
    /// (the only purpose, in a critical extension).
    /// </summary>
    TimeStampingUsageMissing = 1,

    /// <summary>The authority's certificate is unsuitable or lacks key usage, as <see cref="CmsSignatureVerifier.CheckCertificate"/> judges a signer.</summary>
    AuthorityCertificateUnsuitable = 2,

    /// <summary>A certificate of the authority's chain was expired, not yet valid or revoked at the token's time.</summary>
    AuthorityNotValidAtTime = 3,

    /// <summary>The authority's certificate does not chain to a configured time-stamping trust anchor.</summary>
    UntrustedAuthority = 4,

    /// <summary>The token's own signature does not verify, or its ESS signing-certificate attribute names another certificate.</summary>
    TokenSignatureInvalid = 5,

    /// <summary>The token's message imprint is not the hash of this signature value: it timestamps something else.</summary>
    ImprintMismatch = 6,

    /// <summary>The token is not a DER RFC 3161 TimeStampToken, uses a hash other than SHA-256/384/512, or does not embed the authority's certificate.</summary>
    Malformed = 7,
}
