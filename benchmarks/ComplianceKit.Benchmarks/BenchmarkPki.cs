using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Benchmarks;

/// <summary>A throwaway root and one signer certificate (with its private key) for the signature benchmarks.</summary>
internal sealed class BenchmarkPki : IDisposable
{
    private static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private BenchmarkPki(X509Certificate2 root, X509Certificate2 signer)
    {
        Root = root;
        Signer = signer;
    }

    /// <summary>The root, public part.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The signer, with its private key.</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>Creates a root and an RSA-2048 or ECDSA P-256 signer with the digitalSignature usage.</summary>
    public static BenchmarkPki Create(string key, out ECDsa rootKey)
    {
        rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Benchmark Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = rootRequest.CreateSelfSigned(From, Until);

        using AsymmetricAlgorithm signerKey = key == "RSA-2048" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = signerKey is RSA rsa
            ? new CertificateRequest("CN=Benchmark Signer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=Benchmark Signer", (ECDsa)signerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var issued = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), From, Until, [0x42, 0x01]);
        var withKey = signerKey is RSA r ? issued.CopyWithPrivateKey(r) : issued.CopyWithPrivateKey((ECDsa)signerKey);
        return new BenchmarkPki(X509CertificateLoader.LoadCertificate(root.RawData), withKey);
    }

    /// <summary>The validity window of every certificate here.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) Validity => (From, Until);

    /// <inheritdoc />
    public void Dispose()
    {
        Root.Dispose();
        Signer.Dispose();
    }
}
