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
    private readonly byte[] content = "Compliance Officer approves the production deployment of release 2025.06.1."u8.ToArray();
    private byte[] signature = [];
    private CmsSignatureVerifier verifier = null!;

    [Params("RSA-2048", "ECDSA-P256")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        using var pki = BenchmarkPki.Create(Key);
        using (var signer = new X509CertificateSigner(pki.Signer))
        {
            signature = signer.SignDetachedAsync(content, Instant.FromUtc(2025, 6, 1, 12, 0)).AsTask().GetAwaiter().GetResult();
        }

        var policy = new SignatureTrustPolicy([X509CertificateLoader.LoadCertificate(pki.Root.RawData)]);
        policy.CertificateRevocationLists.Add(pki.CreateCrl());
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
