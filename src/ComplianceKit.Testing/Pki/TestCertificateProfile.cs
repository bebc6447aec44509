using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Testing.Pki;

/// <summary>
/// What a <see cref="TestCertificateAuthority"/> puts in a certificate it issues. The defaults make a good signer: an
/// ECDSA P-256 end-entity certificate with digitalSignature and nonRepudiation, valid from a year before the clock's
/// now until five years after.
/// </summary>
public sealed record TestCertificateProfile
{
    /// <summary>The key to generate.</summary>
    public TestKeyType KeyType { get; init; } = TestKeyType.EcdsaP256;

    /// <summary>Start of validity; a year before the authority's clock reads now when unset.</summary>
    public Instant? ValidFrom { get; init; }

    /// <summary>End of validity; five years after the authority's clock reads now when unset (never past the issuer's).</summary>
    public Instant? ValidUntil { get; init; }

    /// <summary>The key usage extension (critical), or <see langword="null"/> for none at all.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    /// <summary>
    /// Extended key usage OIDs for a critical extended key usage extension (for example id-kp-timeStamping,
    /// 1.3.6.1.5.5.7.3.8, for a time-stamping authority), or <see langword="null"/> for no such extension.
    /// </summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; }

    /// <summary>Whether basic constraints say CA:TRUE (the signer policy refuses such a certificate as a signer).</summary>
    public bool IsCertificateAuthority { get; init; }
}
