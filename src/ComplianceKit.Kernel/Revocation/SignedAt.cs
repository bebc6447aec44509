using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// The signer certificate of a detached CMS signature and the time its revocation data is chosen for, as an exporter reads it: its
/// timestamp token's genTime when it carries one, else its signingTime. Nothing is verified here; the verifier judges later.
/// </summary>
internal static class SignedAt
{
    /// <summary>The signer certificate and its trusted time, or null when the signature has no single signer, certificate or time.</summary>
    public static (X509Certificate2 Certificate, Instant At)? Read(byte[] detachedCms)
    {
        try
        {
            var cms = new SignedCms();
            cms.Decode(detachedCms);
            if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } certificate)
            {
                return null;
            }

            var signer = cms.SignerInfos[0];
            if (SignatureTimestamps.FindIn(signer) is { } token && Rfc3161TimestampToken.TryDecode(token, out var decoded, out _))
            {
                return (X509CertificateLoader.LoadCertificate(certificate.RawData), Instant.FromDateTimeOffset(decoded.TokenInfo.Timestamp));
            }

            foreach (var attribute in signer.SignedAttributes)
            {
                if (attribute.Oid.Value == CmsOids.SigningTimeAttribute && attribute.Values.Count == 1)
                {
                    return (X509CertificateLoader.LoadCertificate(certificate.RawData), CmsSigningTime.Decode(attribute.Values[0].RawData));
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or AsnContentException)
        {
            // A signature the exporter cannot read gets no revocation data; the verifier reports the signature itself.
            return null;
        }
    }
}
