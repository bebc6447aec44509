using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Pkcs11.Tests.Infrastructure;

/// <summary>
/// A throwaway CA that issues certificates for public keys generated on a token (the CA's key is in memory; the
/// signers' keys never leave the token). Certificates are valid from 2020 to 2049, so OpenSSL accepts them today.
/// </summary>
internal sealed class TokenCertificateAuthority : IDisposable
{
    private static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2049, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly RSA key = RSA.Create(2048);
    private readonly X509Certificate2 root;

    public TokenCertificateAuthority(string subject = "CN=ComplianceKit Token Test CA, O=ComplianceKit Tests")
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        root = request.CreateSelfSigned(From.AddDays(-1), Until.AddDays(1));
        Certificate = X509CertificateLoader.LoadCertificate(root.RawData);
    }

    /// <summary>The CA certificate, public part.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>An end-entity signing certificate (digitalSignature, nonRepudiation) for <paramref name="publicKey"/>.</summary>
    public X509Certificate2 Issue(PublicKey publicKey, string subject)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        return request.Create(root.SubjectName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), From, Until, RandomNumberGenerator.GetBytes(16));
    }

    public void Dispose()
    {
        root.Dispose();
        key.Dispose();
    }
}
