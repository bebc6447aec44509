using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Signing;

/// <summary>
/// The one rule for which certificates may sign approvals, evidence and checkpoints: not a certificate authority (no CA
/// basic constraint), and an RSA key of at least 2048 bits or an ECDSA key on a curve of at least 256 bits (P-256).
/// Pure: it reads only the certificate. The signers refuse such certificates before signing and
/// <see cref="CmsSignatureVerifier"/> reports them as <see cref="SignatureVerificationStatus.SignerCertificateUnsuitable"/>.
/// </summary>
public static class SignerCertificatePolicy
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaKeyBits = 2048;

    /// <summary>The smallest ECDSA curve accepted, in bits (P-256).</summary>
    public const int MinimumEcdsaKeyBits = 256;

    /// <summary>Judges <paramref name="certificate"/> as a signer; never throws for a parsable certificate.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static SignerCertificateCheck Check(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var subject = certificate.Subject;
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority))
        {
            return new SignerCertificateCheck(SignerCertificateProblem.CertificateAuthority,
                $"The certificate {subject} is a CA certificate (basic constraint CA:TRUE); a CA issues certificates and does not sign records: " +
                "use a certificate it issued.");
        }

        switch (certificate.PublicKey.Oid.Value)
        {
            case CmsOids.RsaEncryption:
                using (var rsa = certificate.GetRSAPublicKey()!)
                {
                    return rsa.KeySize >= MinimumRsaKeyBits
                        ? Acceptable(subject)
                        : new SignerCertificateCheck(SignerCertificateProblem.RsaKeyTooSmall,
                            $"The certificate {subject} has an RSA-{rsa.KeySize} key; signers need RSA-{MinimumRsaKeyBits} or larger, or ECDSA P-256 or larger.");
                }

            case CmsOids.EcPublicKey:
                using (var ecdsa = certificate.GetECDsaPublicKey()!)
                {
                    return ecdsa.KeySize >= MinimumEcdsaKeyBits
                        ? Acceptable(subject)
                        : new SignerCertificateCheck(SignerCertificateProblem.EcdsaKeyTooSmall,
                            $"The certificate {subject} has a {ecdsa.KeySize}-bit ECDSA key; signers need P-256 or larger, or RSA-{MinimumRsaKeyBits} or larger.");
                }

            default:
                return new SignerCertificateCheck(SignerCertificateProblem.UnsupportedKeyAlgorithm,
                    $"The certificate {subject} has a {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value} key; signers need RSA or ECDSA.");
        }
    }

    /// <summary>Throws unless <paramref name="certificate"/> passes <see cref="Check"/>.</summary>
    /// <exception cref="SignerCertificateRejectedException">The certificate may not sign; the exception carries the reason.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static void ThrowIfUnsuitable(X509Certificate2 certificate)
    {
        var check = Check(certificate);
        if (!check.IsAcceptable)
        {
            throw new SignerCertificateRejectedException(check);
        }
    }

    private static SignerCertificateCheck Acceptable(string subject) =>
        new(SignerCertificateProblem.None, $"The certificate {subject} may sign.");
}
