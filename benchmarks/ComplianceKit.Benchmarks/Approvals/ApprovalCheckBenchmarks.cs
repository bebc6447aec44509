using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Benchmarks.Approvals;

/// <summary>
/// Approvals checked per second, serial and on every core: the full check a gate makes per approval
/// (CMS signature, chain to the anchors with the per-certificate cache, statement parse, signing-time
/// and certificate binding, role grant) against a bare SignedCms.CheckSignature(verifySignatureOnly)
/// and the raw public-key verification underneath, in the same run.
/// </summary>
[MemoryDiagnoser]
public class ApprovalCheckBenchmarks
{
    private const int Batch = 64;
    private byte[] _statement = [];
    private byte[] _signature = [];
    private byte[] _rawSignature = [];
    private X509Certificate2 _certificate = null!;
    private CmsSignatureVerifier _verifier = null!;
    private RoleGrantBook _grants = null!;

    [Params("ECDSA-P256", "RSA-2048")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        using var pki = BenchmarkPki.Create(Key);
        var withKey = pki.Signer;
        _certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var root = pki.Root;

        var signedAt = Instant.FromUtc(2025, 6, 1, 12, 0);
        _statement = new ApprovalStatement
        {
            Organization = "Benchmark Clinic",
            Subject = new ApprovalSubject("release", "2.4.0-production"),
            ArtifactSha256 = new string('a', 64),
            Decision = ApprovalDecision.Approved,
            Meaning = SignatureMeaning.Approval,
            Signer = new ApprovalSigner("Dana Reyes", "Compliance Officer", CertificateFingerprint.Of(_certificate)),
            SignedAt = signedAt,
            LedgerHead = new LedgerHeadReference("default", 10, new string('b', 64)),
        }.ToCanonicalBytes();
        using (var signer = new X509CertificateSigner(withKey))
        {
            _signature = signer.SignDetachedAsync(_statement, signedAt).AsTask().GetAwaiter().GetResult();
        }

        _rawSignature = withKey.GetECDsaPrivateKey() is { } ec
            ? ec.SignData(_statement, HashAlgorithmName.SHA256)
            : withKey.GetRSAPrivateKey()!.SignData(_statement, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        _verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([X509CertificateLoader.LoadCertificate(root.RawData)]));
        _grants = new RoleGrantBook();
        _grants.Add(new LedgerEntry
        {
            ChainId = "default", Sequence = 1, EntryType = ApprovalEntryTypes.RoleGranted, Subject = "role:Compliance Officer", Actor = "admin",
            OccurredAt = signedAt - Duration.FromDays(1), RecordedAt = signedAt - Duration.FromDays(1),
            Payload = RoleGrantBook.Payload("Compliance Officer", CertificateFingerprint.Of(_certificate), _certificate.Subject),
            PayloadSalt = new byte[32], PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
        });
        if (!FullCheck())
        {
            throw new InvalidOperationException("The benchmark approval must pass the full check.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "bare SignedCms.CheckSignature, serial")]
    public void BareCmsSerial()
    {
        for (var i = 0; i < Batch; i++)
        {
            BareCms();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "full approval check, serial")]
    public void FullCheckSerial()
    {
        for (var i = 0; i < Batch; i++)
        {
            FullCheck();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "bare SignedCms.CheckSignature, parallel")]
    public void BareCmsParallel() => Parallel.For(0, Batch, _ => BareCms());

    [Benchmark(OperationsPerInvoke = Batch, Description = "full approval check, parallel")]
    public void FullCheckParallel() => Parallel.For(0, Batch, _ => FullCheck());

    [Benchmark(OperationsPerInvoke = Batch, Description = "raw public-key verify (no CMS), serial")]
    public bool RawVerifySerial()
    {
        var ok = true;
        for (var i = 0; i < Batch; i++)
        {
            ok &= _certificate.GetECDsaPublicKey() is { } ec
                ? VerifyAndDispose(ec)
                : VerifyAndDispose(_certificate.GetRSAPublicKey()!);
        }

        return ok;
    }

    private bool VerifyAndDispose(ECDsa key)
    {
        using (key)
        {
            return key.VerifyData(_statement, _rawSignature, HashAlgorithmName.SHA256);
        }
    }

    private bool VerifyAndDispose(RSA key)
    {
        using (key)
        {
            return key.VerifyData(_statement, _rawSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
    }

    private void BareCms()
    {
        var cms = new SignedCms(new ContentInfo(_statement), detached: true);
        cms.Decode(_signature);
        cms.CheckSignature(verifySignatureOnly: true);
    }

    private bool FullCheck()
    {
        var result = _verifier.Verify(_statement, _signature);
        var statement = ApprovalStatement.Parse(_statement);
        return result.IsValid
            && result.SigningTime == statement.SignedAt
            && CertificateFingerprint.Of(result.SignerCertificate!) == statement.Signer.CertificateSha256
            && _grants.IsAuthorized(statement.Signer.Role, statement.Signer.CertificateSha256, statement.SignedAt);
    }
}
