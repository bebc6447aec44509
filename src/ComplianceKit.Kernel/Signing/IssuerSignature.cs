using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Signing;

/// <summary>
/// The one check of an X.509-style signature (a CRL's, an OCSP response's, a certificate's): bytes signed with RSA PKCS #1 v1.5 or ECDSA
/// over SHA-256/384/512, verified with a certificate's public key. Any other algorithm does not verify. Pure; thread-safe.
/// </summary>
internal static class IssuerSignature
{
    /// <summary>Whether <paramref name="signature"/> over <paramref name="signed"/> with <paramref name="algorithm"/> verifies with <paramref name="key"/>'s public key.</summary>
    public static bool Verifies(ReadOnlySpan<byte> signed, string algorithm, byte[] signature, X509Certificate2 key)
    {
        switch (algorithm)
        {
            case CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa:
                using (var rsa = key.GetRSAPublicKey())
                {
                    return rsa is not null && rsa.VerifyData(signed, signature, HashOf(algorithm), RSASignaturePadding.Pkcs1);
                }

            case CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512:
                using (var ecdsa = key.GetECDsaPublicKey())
                {
                    return ecdsa is not null && ecdsa.VerifyData(signed, signature, HashOf(algorithm), DSASignatureFormat.Rfc3279DerSequence);
                }

            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="certificate"/>'s own signature (over its tbsCertificate) verifies with <paramref name="issuer"/>'s public key.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            return false;
        }

        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out var unused);
            return unused == 0 && Verifies(tbs.Span, algorithm, signature, issuer);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static HashAlgorithmName HashOf(string algorithm) => algorithm switch
    {
        CmsOids.Sha256WithRsa or CmsOids.EcdsaWithSha256 => HashAlgorithmName.SHA256,
        CmsOids.Sha384WithRsa or CmsOids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
