using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Conformance;

/// <summary>The suite's certificates: valid from 2000 until 2100, so the checked-in bundles verify for decades. Keys are fresh on each run.</summary>
internal sealed class ConformancePki
{
    private static readonly DateTimeOffset From = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ConformancePki()
    {
        using var caKey = RSA.Create(2048);
        Ca = SelfSigned("CN=Conformance Clinic CA, O=Conformance Clinic", caKey);
        Organisation = Issue("CN=Conformance Clinic Checkpoints, O=Conformance Clinic", RSA.Create(2048), Ca, caKey);
        Officer = Issue("CN=Olive Officer, T=Compliance Officer", ECDsa.Create(ECCurve.NamedCurves.nistP256), Ca, caKey);
        using var rogueKey = RSA.Create(2048);
        var rogueCa = SelfSigned("CN=Rogue CA, O=Elsewhere", rogueKey);
        Rogue = Issue("CN=Conformance Clinic Checkpoints, O=Conformance Clinic", RSA.Create(2048), rogueCa, rogueKey);
        using var rootKey = RSA.Create(2048);
        AdministrationRoot = SelfSigned("CN=Conformance Clinic Administration Root, O=Conformance Clinic", rootKey);
        Administrator = Issue("CN=Ada Administrator, O=Conformance Clinic", ECDsa.Create(ECCurve.NamedCurves.nistP256), AdministrationRoot, rootKey);
        using var otherKey = RSA.Create(2048);
        OtherAdministrationRoot = SelfSigned("CN=Conformance Clinic Administration Root, O=Conformance Clinic", otherKey);
    }

    /// <summary>The organisation's administration root, written to admin-root.pem: role grants must be signed under it.</summary>
    public X509Certificate2 AdministrationRoot { get; }

    /// <summary>An administrator under <see cref="AdministrationRoot"/>.</summary>
    public X509Certificate2 Administrator { get; }

    /// <summary>A look-alike administration root (same name, another key), written to other-admin-root.pem: the wrong pin.</summary>
    public X509Certificate2 OtherAdministrationRoot { get; }

    /// <summary>The officer's trust anchor, written to ca.pem.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The organisation's checkpoint signer.</summary>
    public X509Certificate2 Organisation { get; }

    /// <summary>An approver holding the Compliance Officer role.</summary>
    public X509Certificate2 Officer { get; }

    /// <summary>A look-alike of the organisation's signer under a CA nobody trusts: a forgery without the key.</summary>
    public X509Certificate2 Rogue { get; }

    private static X509Certificate2 SelfSigned(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(From, Until);
    }

    private static X509Certificate2 Issue(string subject, AsymmetricAlgorithm key, X509Certificate2 issuer, RSA issuerKey)
    {
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), From, Until.AddDays(-1), serial);
        return key is RSA r ? issued.CopyWithPrivateKey(r) : issued.CopyWithPrivateKey((ECDsa)key);
    }
}
