using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// What the verifier needs to know about one certificate, extracted once so that repeated verifications compare
/// plain values instead of re-parsing the certificate. Immutable.
/// </summary>
internal sealed class CertificateFacts
{
    private SignerCertificateCheck? signerCheck;

    private CertificateFacts(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Key = KeyOf(certificate);
        Subject = certificate.Subject;
        SubjectName = certificate.SubjectName.RawData;
        NotBefore = Instant.FromDateTimeUtc(certificate.NotBefore.ToUniversalTime());
        NotAfter = Instant.FromDateTimeUtc(certificate.NotAfter.ToUniversalTime());
        SerialNumber = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);

        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        KeyUsages = keyUsage?.KeyUsages;
        HasSigningKeyUsage = keyUsage is not null
            && (keyUsage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) != 0;
        MayIssueCrls = keyUsage is null || keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign);
    }

    /// <summary>The verifier's own copy of the certificate; never handed to callers.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Uppercase hex SHA-256 of the DER certificate; SHA-1 thumbprints are not collision resistant.</summary>
    public string Key { get; }

    public string Subject { get; }

    public byte[] SubjectName { get; }

    public Instant NotBefore { get; }

    public Instant NotAfter { get; }

    public BigInteger SerialNumber { get; }

    /// <summary>The key usage extension's flags, or null when the certificate has none.</summary>
    public X509KeyUsageFlags? KeyUsages { get; }

    /// <summary>Whether a key usage extension is present and allows digitalSignature or nonRepudiation.</summary>
    public bool HasSigningKeyUsage { get; }

    /// <summary>Whether the certificate may sign CRLs (cRLSign, or no key usage extension).</summary>
    public bool MayIssueCrls { get; }

    /// <summary>The verdict of <see cref="SignerCertificatePolicy"/> on this certificate, computed once (a benign race may compute it twice).</summary>
    public SignerCertificateCheck SignerCheck => signerCheck ??= SignerCertificatePolicy.Check(Certificate);

    public static string KeyOf(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.RawDataMemory.Span));

    /// <summary>Extracts facts from a private copy of <paramref name="certificate"/>.</summary>
    public static CertificateFacts From(X509Certificate2 certificate) =>
        new(X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span));

    public bool IsValidAt(Instant time) => NotBefore <= time && time <= NotAfter;
}
