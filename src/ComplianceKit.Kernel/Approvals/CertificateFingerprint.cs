using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Approvals;

/// <summary>The identity role grants name: SHA-256 over a certificate's DER encoding, lower-case hex.</summary>
public static class CertificateFingerprint
{
    /// <summary>Returns the SHA-256 fingerprint of <paramref name="certificate"/>.</summary>
    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }
}
