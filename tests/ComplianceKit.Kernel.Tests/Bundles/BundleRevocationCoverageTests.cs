using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Bundles;
using ComplianceKit.Revocation;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Tests.Revocation;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// Revocation is judged for every signature a bundle carries (FORMAT.md 12.15), not only approvals and <c>checkpoint.p7s</c>: signed evidence
/// (whose signature is inside its entry) and the organisation's signatures on carried checkpoints. Their signers come from a second CA, so the
/// bundle carries that CA's CRL only if the exporter looked at those signatures.
/// </summary>
public sealed class BundleRevocationCoverageTests : IDisposable
{
    private static readonly Instant At = TestPki.SigningTime;
    private readonly TestCertificateAuthority _ca = NewCa("CN=Coverage Organisation CA");
    private readonly TestCertificateAuthority _otherCa = NewCa("CN=Coverage Departmental CA");
    private readonly X509Certificate2 _organisation;
    private readonly X509Certificate2 _other;
    private readonly EvidenceBundleVerifier _verifier;

    public BundleRevocationCoverageTests()
    {
        _organisation = _ca.Issue("CN=Coverage Checkpoints, O=Coverage Tests", Profile(TestKeyType.Rsa2048));
        _other = _otherCa.Issue("CN=Robin Records, O=Coverage Tests", Profile(TestKeyType.EcdsaP256));
        _verifier = new EvidenceBundleVerifier(new SignatureTrustPolicy([_ca.Certificate, _otherCa.Certificate]));
    }

    [Fact]
    public async Task Verify_SignedEvidenceBySignerRevokedBefore_SignerRevokedNamesTheEntry()
    {
        _otherCa.Revoke(_other, At - Duration.FromMinutes(10));
        var chain = new BundleTestChain();
        chain.AppendFacts(2);
        var evidence = await chain.AttachSignedEvidenceAsync(_other);
        chain.AppendFacts(2);

        var bundle = await BundleAsync(chain, []);
        var report = await VerifyAsync(bundle);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.SignerRevoked, BundleFormat.EntriesFile, evidence.Sequence), (finding.Kind, finding.File, finding.Sequence));
        Assert.Contains($"the signed evidence of entry {evidence.Sequence}", finding.Message, StringComparison.Ordinal);
        var verdict = Assert.Single(report.Revocation!, r => r.Sequence == evidence.Sequence);
        Assert.Equal((BundleFormat.EntriesFile, RevocationStatus.Revoked, "CN=Robin Records, O=Coverage Tests"), (verdict.SignatureFile, verdict.Status, verdict.SignerSubject));
    }

    [Fact]
    public async Task Verify_SignedEvidenceBySignerInGoodStanding_Good()
    {
        var chain = new BundleTestChain();
        chain.AppendFacts(2);
        var evidence = await chain.AttachSignedEvidenceAsync(_other);

        var report = await VerifyAsync(await BundleAsync(chain, []));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(RevocationStatus.Good, Assert.Single(report.Revocation!, r => r.Sequence == evidence.Sequence).Status);
    }

    [Fact]
    public async Task Verify_CarriedCheckpointSignedByARevokedKey_SignerRevokedNamesTheAnchorSignature()
    {
        _otherCa.Revoke(_other, At - Duration.FromMinutes(10));
        var chain = new BundleTestChain();
        chain.AppendFacts(4);
        var published = await BundleTestChain.SignedByAsync(chain.CheckpointAt(3), At, _other);
        chain.AppendFacts(2);

        var report = await VerifyAsync(await BundleAsync(chain, [published]));

        var anchorSignature = BundleFormat.AnchorSignatureFile(3);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.SignerRevoked, anchorSignature), (finding.Kind, finding.File));
        Assert.Equal(RevocationStatus.Revoked, Assert.Single(report.Revocation!, r => r.SignatureFile == anchorSignature).Status);
        Assert.Equal(RevocationStatus.Good, Assert.Single(report.Revocation!, r => r.SignatureFile == BundleFormat.CheckpointSignatureFile).Status);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
    }

    private static TestCertificateAuthority NewCa(string subject) =>
        TestCertificateAuthority.CreateRoot(new FakeClock(At), subject, TestKeyType.Rsa2048, Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2049, 1, 1, 0, 0));

    private static TestCertificateProfile Profile(TestKeyType keyType) =>
        new() { KeyType = keyType, ValidFrom = Instant.FromUtc(2020, 1, 1, 0, 0), ValidUntil = Instant.FromUtc(2048, 1, 1, 0, 0) };

    private async Task<byte[]> BundleAsync(BundleTestChain chain, IReadOnlyList<ComplianceKit.Anchoring.StoredCheckpoint> carried)
    {
        // Both CAs' CRLs are offered for every certificate; the exporter keeps a CA's only for a signature by a certificate it issued.
        var crls = new ListedRevocationData([_ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7)), _otherCa.CreateCrl(At - Duration.FromMinutes(5), Duration.FromDays(7))], []);
        using var signer = new X509CertificateSigner(_organisation);
        return await chain.BundleAsync(signer: signer, anchors: [_ca.Certificate, _otherCa.Certificate], carried: carried, revocation: crls);
    }

    private Task<BundleVerificationReport> VerifyAsync(byte[] bundle) => _verifier.VerifyAsync(new MemoryStream(bundle, writable: false));
}
