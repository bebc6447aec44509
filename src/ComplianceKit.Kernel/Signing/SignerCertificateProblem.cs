namespace ComplianceKit.Signing;

/// <summary>Why <see cref="SignerCertificatePolicy"/> refuses a certificate as a signer; <see cref="None"/> when it accepts it.</summary>
public enum SignerCertificateProblem
{
    /// <summary>The certificate is acceptable as a signer of approvals, evidence and checkpoints.</summary>
    None = 0,

    /// <summary>The certificate carries the CA basic constraint: a certificate authority issues certificates, it does not sign records.</summary>
    CertificateAuthority = 1,

    /// <summary>The RSA key is shorter than <see cref="SignerCertificatePolicy.MinimumRsaKeyBits"/> bits.</summary>
    RsaKeyTooSmall = 2,

    /// <summary>The ECDSA key is on a curve smaller than <see cref="SignerCertificatePolicy.MinimumEcdsaKeyBits"/> bits (P-256).</summary>
    EcdsaKeyTooSmall = 3,

    /// <summary>The key is neither RSA nor ECDSA.</summary>
    UnsupportedKeyAlgorithm = 4,
}
