namespace ComplianceKit.Revocation;

/// <summary>What the revocation data a bundle carries says about one signer certificate at its signature's trusted time (docs/FORMAT.md 12.15).</summary>
public enum RevocationStatus
{
    /// <summary>A CRL of the issuer or an OCSP response for the certificate, current at the trusted time, says it was not revoked then.</summary>
    Good = 0,

    /// <summary>A CRL or OCSP response says the certificate was revoked after the trusted time: the signature stands (a note).</summary>
    RevokedAfterTrustedTime = 1,

    /// <summary>The bundle carries no CRL of the certificate's issuer and no OCSP response for it, or the issuer's certificate is not known: not checked.</summary>
    NotChecked = 2,

    /// <summary>The CRLs and OCSP responses in the bundle are not usable at the trusted time (none current then, a broken signature, a forged responder).</summary>
    DataInvalid = 3,

    /// <summary>A CRL or OCSP response says the certificate was revoked at or before the trusted time: the signature fails.</summary>
    Revoked = 4,
}
