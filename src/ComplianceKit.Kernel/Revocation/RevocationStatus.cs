namespace ComplianceKit.Revocation;

/// <summary>What the revocation data a bundle carries says about one signer certificate at its signature's trusted time (docs/FORMAT.md 12.15).</summary>
public enum RevocationStatus
{
    /// <summary>A CRL of the issuer that was current at the trusted time does not list the certificate.</summary>
    Good = 0,

    /// <summary>A CRL of the issuer lists the certificate with a revocation date after the trusted time: the signature stands (a note).</summary>
    RevokedAfterTrustedTime = 1,

    /// <summary>The bundle carries no CRL of the certificate's issuer, or the issuer's certificate is not known: not checked.</summary>
    NotChecked = 2,

    /// <summary>The issuer's CRLs in the bundle are not usable at the trusted time (none current then, or a broken CRL signature).</summary>
    DataInvalid = 3,

    /// <summary>A CRL of the issuer lists the certificate as revoked at or before the trusted time: the signature fails.</summary>
    Revoked = 4,
}
