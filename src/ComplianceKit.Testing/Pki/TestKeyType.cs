namespace ComplianceKit.Testing.Pki;

/// <summary>The key a <see cref="TestCertificateAuthority"/> generates for a certificate.</summary>
public enum TestKeyType
{
    /// <summary>ECDSA on NIST P-256: the smallest key the signer policy accepts.</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384.</summary>
    EcdsaP384,

    /// <summary>RSA-2048, PKCS #1 v1.5 signatures: the smallest RSA key the signer policy accepts.</summary>
    Rsa2048,

    /// <summary>RSA-3072.</summary>
    Rsa3072,

    /// <summary>ECDSA on NIST P-224: too weak for the signer policy; for testing that it is refused.</summary>
    EcdsaP224,

    /// <summary>RSA-1024: too weak for the signer policy; for testing that it is refused.</summary>
    Rsa1024,
}
