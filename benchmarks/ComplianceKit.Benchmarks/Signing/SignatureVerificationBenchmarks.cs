using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Benchmarks.Signing;

/// <summary>
/// A full <see cref="CmsSignatureVerifier.Verify"/> (chain from cache, revocation, validity, key usage) against the
/// bare <see cref="SignerInfo.CheckSignature(bool)"/> it builds on. The target is a ratio of at least 0.8.
/// </summary>
[MemoryDiagnoser]
public class SignatureVerificationBenchmarks
{
    private static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly byte[] content = "Compliance Officer approves the production deployment of release 2025.06.1."u8.ToArray();
    private byte[] signature = [];
    private CmsSignatureVerifier verifier = null!;

    [Params("RSA-2048", "ECDSA-P256")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Benchmark Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = rootRequest.CreateSelfSigned(From, Until);

        using AsymmetricAlgorithm key = Key == "RSA-2048" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest("CN=Benchmark Signer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=Benchmark Signer", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var issued = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), From, Until, [0x42, 0x01]);
        using var withKey = key is RSA r ? issued.CopyWithPrivateKey(r) : issued.CopyWithPrivateKey((ECDsa)key);
        using var signer = new X509CertificateSigner(withKey);
        signature = signer.SignDetachedAsync(content, Instant.FromUtc(2025, 6, 1, 12, 0)).AsTask().GetAwaiter().GetResult();

        var crl = new CertificateRevocationListBuilder().Build(
            root, 1, Until, HashAlgorithmName.SHA256, thisUpdate: From);
        var policy = new SignatureTrustPolicy([X509CertificateLoader.LoadCertificate(root.RawData)]);
        policy.CertificateRevocationLists.Add(crl);
        verifier = new CmsSignatureVerifier(policy);
        if (!verifier.Verify(content, signature).IsValid)
        {
            throw new InvalidOperationException("The benchmark signature must verify.");
        }
    }

    /// <summary>What SignedCms alone does: decode, digest the content, check the signature value.</summary>
    [Benchmark(Baseline = true)]
    public void SignedCmsCheckSignatureOnly()
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
    }

    /// <summary>The full policy check, with the signer's chain served from the cache.</summary>
    [Benchmark]
    public SignatureVerificationStatus CmsSignatureVerifierVerify() => verifier.Verify(content, signature).Status;
}
