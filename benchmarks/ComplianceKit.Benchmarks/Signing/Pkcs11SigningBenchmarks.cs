using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Pkcs11;
using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Signing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using NodaTime;

namespace ComplianceKit.Benchmarks.Signing;

/// <summary>
/// A detached CMS signature by <see cref="Pkcs11Signer"/> on a SoftHSM2 token (made in setup, in its own folder) against
/// the token's own raw signature of one digest through Pkcs11Interop (the baseline: C_SignInit + C_Sign on an open,
/// logged-in session), and against <see cref="X509CertificateSigner"/> with a software key of the same kind. The bar: the
/// signer adds at most 10 % to the token's own signing time (ratio &lt;= 1.10). Measured with the default (no second check
/// of each ECDSA signature) and with <see cref="Pkcs11SignerOptions.CheckEcdsaSignatures"/> on; RSA is always checked.
/// </summary>
[MemoryDiagnoser]
public class Pkcs11SigningBenchmarks
{
    private static readonly byte[] Sha256DigestInfo = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
    private static readonly Instant SigningTime = Instant.FromUtc(2026, 3, 1, 9, 30);

    private readonly byte[] content = "Compliance Officer approves the production deployment of release 4.0."u8.ToArray();
    private SoftHsmToken token = null!;
    private TokenCertificateAuthority ca = null!;
    private Pkcs11Signer tokenSigner = null!;
    private Pkcs11Signer checkingSigner = null!;
    private X509CertificateSigner pfxSigner = null!;
    private BenchmarkPki pki = null!;
    private Pkcs11Module module = null!;
    private ISession session = null!;
    private IObjectHandle key = null!;
    private IMechanism mechanism = null!;
    private byte[] rawInput = [];

    [Params("RSA-2048", "ECDSA-P256")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        ca = new TokenCertificateAuthority();
        token = SoftHsmToken.Create();
        var isRsa = Key == "RSA-2048";
        var certificate = ca.Issue(token.GenerateKeyPair(isRsa ? "rsa:2048" : "EC:prime256v1", "01", "benchmark"), "CN=Benchmark Token Signer, O=ComplianceKit Benchmarks");
        token.WriteCertificate(certificate, "01", "benchmark");
        tokenSigner = Pkcs11Signer.Open(token.Options("01"));
        var options = token.Options("01");
        options.CheckEcdsaSignatures = true;
        checkingSigner = Pkcs11Signer.Open(options);
        pki = BenchmarkPki.Create(Key);
        pfxSigner = new X509CertificateSigner(pki.Signer);

        // The baseline talks to the same initialised module the signer uses, as any other code in the process would.
        module = Pkcs11Module.Acquire(SoftHsmToken.ModulePath);
        var slot = module.Library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.TrimEnd() == token.Label);
        session = slot.OpenSession(SessionType.ReadOnly);
        key = session.FindAllObjects([module.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)]).Single();
        mechanism = module.Factories.MechanismFactory.Create(isRsa ? CKM.CKM_RSA_PKCS : CKM.CKM_ECDSA);
        var digest = SHA256.HashData(content);
        rawInput = isRsa ? [.. Sha256DigestInfo, .. digest] : digest;
        foreach (var signer in new[] { tokenSigner, checkingSigner })
        {
            var signature = signer.SignDetachedAsync(content, SigningTime).AsTask().GetAwaiter().GetResult();
            if (!new CmsSignatureVerifier(new SignatureTrustPolicy([ca.Certificate])).Verify(content, signature).IsValid)
            {
                throw new InvalidOperationException("The token signature must verify.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        mechanism.Dispose();
        session.Dispose();
        module.Release();
        tokenSigner.Dispose();
        checkingSigner.Dispose();
        pfxSigner.Dispose();
        pki.Dispose();
        token.Dispose();
        ca.Dispose();
    }

    /// <summary>The token's own signing time: one digest, C_SignInit + C_Sign, through Pkcs11Interop.</summary>
    [Benchmark(Baseline = true)]
    public byte[] TokenRawSignature() => session.Sign(mechanism, key, rawInput);

    /// <summary>Our signer, default options: digest, signed attributes, the token's signature (a pooled session), the CMS (RSA: and the check against the certificate).</summary>
    [Benchmark]
    public byte[] Pkcs11SignerSignDetached() => tokenSigner.SignDetachedAsync(content, SigningTime).AsTask().GetAwaiter().GetResult();

    /// <summary>Our signer with <see cref="Pkcs11SignerOptions.CheckEcdsaSignatures"/> on (the same as the default for RSA).</summary>
    [Benchmark]
    public byte[] Pkcs11SignerEcdsaCheckOn() => checkingSigner.SignDetachedAsync(content, SigningTime).AsTask().GetAwaiter().GetResult();

    /// <summary>The same CMS from a software key of the same kind (a PFX loaded in memory).</summary>
    [Benchmark]
    public byte[] PfxSignerSignDetached() => pfxSigner.SignDetachedAsync(content, SigningTime).AsTask().GetAwaiter().GetResult();
}
