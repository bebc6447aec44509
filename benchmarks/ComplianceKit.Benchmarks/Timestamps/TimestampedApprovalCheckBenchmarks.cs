using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Benchmarks.Timestamps;

/// <summary>
/// The full check a gate makes of one approval (CMS signature, chain with the per-certificate cache, statement parse,
/// time and certificate binding, role grant at the trusted time), untimestamped (the baseline) and carrying an RFC 3161
/// token from <see cref="TimestampResponder"/> (token decode, imprint, token signature, ESS certificate id, TSA chain and
/// EKU; the authority's key, ESS hash and EKU verdict come from the verifier's per-certificate cache after the first check,
/// as the approval's chain does), with the same verifier in the same run. The bar: the token check adds at most 30 % (ratio &lt;= 1.30).
/// </summary>
[MemoryDiagnoser]
public class TimestampedApprovalCheckBenchmarks
{
    private static readonly Instant SignedAt = Instant.FromUtc(2025, 6, 1, 12, 0);
    private byte[] _statement = [];
    private byte[] _plain = [];
    private byte[] _timestamped = [];
    private CmsSignatureVerifier _verifier = null!;
    private CmsSignatureVerifier _withoutTimeAnchors = null!;
    private TimestampTokenVerifier _tokens = null!;
    private byte[] _token = [];
    private byte[] _signatureValue = [];
    private RoleGrantBook _grants = null!;

    [Params("ECDSA-P256", "RSA-2048")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        using var pki = BenchmarkPki.Create(Key);
        var certificate = X509CertificateLoader.LoadCertificate(pki.Signer.RawData);
        _statement = new ApprovalStatement
        {
            Organization = "Benchmark Clinic",
            Subject = new ApprovalSubject("release", "2.4.0-production"),
            ArtifactSha256 = new string('a', 64),
            Decision = ApprovalDecision.Approved,
            Meaning = SignatureMeaning.Approval,
            Signer = new ApprovalSigner("Dana Reyes", "Compliance Officer", CertificateFingerprint.Of(certificate)),
            SignedAt = SignedAt,
            LedgerHead = new LedgerHeadReference("default", 10, new string('b', 64)),
        }.ToCanonicalBytes();
        using (var signer = new X509CertificateSigner(pki.Signer))
        {
            _plain = signer.SignDetachedAsync(_statement, SignedAt).AsTask().GetAwaiter().GetResult();
        }

        var clock = new FakeClock(SignedAt + Duration.FromSeconds(2));
        using var tsaRoot = TestCertificateAuthority.CreateRoot(clock, "CN=Benchmark Time Root");
        using var responder = new TimestampResponder(tsaRoot.IssueTimeStamping("CN=Benchmark TSA"), clock);
        var request = Rfc3161TimestampRequest.CreateFromData(SignatureTimestamps.SignatureValue(_plain), HashAlgorithmName.SHA256, requestSignerCertificates: true);
        var reply = new AsnReader(responder.Respond(request.Encode()), AsnEncodingRules.DER).ReadSequence();
        reply.ReadSequence();
        _timestamped = SignatureTimestamps.Attach(_plain, reply.ReadEncodedValue().ToArray());

        var policy = new SignatureTrustPolicy([X509CertificateLoader.LoadCertificate(pki.Root.RawData)]);
        policy.TimestampAuthorityTrustAnchors.Add(X509CertificateLoader.LoadCertificate(tsaRoot.Certificate.RawData));
        _verifier = new CmsSignatureVerifier(policy);
        _withoutTimeAnchors = new CmsSignatureVerifier(new SignatureTrustPolicy([X509CertificateLoader.LoadCertificate(pki.Root.RawData)]));
        _tokens = new TimestampTokenVerifier([X509CertificateLoader.LoadCertificate(tsaRoot.Certificate.RawData)]);
        _token = SignatureTimestamps.Find(_timestamped)!;
        _signatureValue = SignatureTimestamps.SignatureValue(_plain);
        _grants = new RoleGrantBook();
        _grants.Add(new LedgerEntry
        {
            ChainId = "default", Sequence = 1, EntryType = ApprovalEntryTypes.RoleGranted, Subject = "role:Compliance Officer", Actor = "admin",
            OccurredAt = SignedAt - Duration.FromDays(1), RecordedAt = SignedAt - Duration.FromDays(1),
            Payload = RoleGrantBook.Payload("Compliance Officer", CertificateFingerprint.Of(certificate), certificate.Subject),
            PayloadSalt = new byte[32], PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
        });
        if (Check(_plain) != SigningTimeBasis.ClaimedSigningTime || Check(_timestamped) != SigningTimeBasis.Timestamp)
        {
            throw new InvalidOperationException("Both benchmark approvals must pass the full check, the second at the timestamp's time.");
        }
    }

    [Benchmark(Baseline = true, Description = "full approval check, untimestamped")]
    public SigningTimeBasis? Untimestamped() => Check(_plain);

    [Benchmark(Description = "full approval check, RFC 3161 timestamped")]
    public SigningTimeBasis? Timestamped() => Check(_timestamped);

    /// <summary>Where the token check's time goes (not part of the bar): the token check alone, as the verifier runs it.</summary>
    [Benchmark(Description = "part: the token check alone")]
    public bool TokenCheckAlone() => _tokens.Verify(_token, _signatureValue).IsValid;

    /// <summary>Where the token check's time goes: the timestamped signature checked by a verifier with no time-stamping anchor (the token is found, not checked).</summary>
    [Benchmark(Description = "part: timestamped signature, token not checked")]
    public bool TimestampedSignatureWithoutTokenCheck() => _withoutTimeAnchors.Verify(_statement, _timestamped).IsValid;

    /// <summary>Where the token check's time goes: reading the token's CMS alone, as the verifier reads it.</summary>
    [Benchmark(Description = "part: reading the token's CMS")]
    public int TokenDecode() => TimestampTokenParts.Decode(_token).SignerCount;

    private SigningTimeBasis? Check(byte[] signature)
    {
        var result = _verifier.Verify(_statement, signature);
        var statement = ApprovalStatement.Parse(_statement);
        return result.IsValid
            && result.SigningTime == statement.SignedAt
            && CertificateFingerprint.Of(result.SignerCertificate!) == statement.Signer.CertificateSha256
            && _grants.IsAuthorized(statement.Signer.Role, statement.Signer.CertificateSha256, result.TrustedTime!.Value)
            ? result.TimeBasis
            : null;
    }
}
