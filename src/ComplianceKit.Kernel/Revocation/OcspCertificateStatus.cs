namespace ComplianceKit.Revocation;

/// <summary>The certStatus of an OCSP SingleResponse (RFC 6960 section 4.2.1).</summary>
internal enum OcspCertificateStatus
{
    /// <summary>good [0]: the responder knows the certificate and it is not revoked at thisUpdate.</summary>
    Good = 0,

    /// <summary>revoked [1]: revoked at revocationTime.</summary>
    Revoked = 1,

    /// <summary>unknown [2]: the responder does not know the certificate.</summary>
    Unknown = 2,
}
