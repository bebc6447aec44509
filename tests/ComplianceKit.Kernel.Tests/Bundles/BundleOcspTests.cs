using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
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
/// OCSP responses carried in version 2 bundles (FORMAT.md 12.15), made by a real <c>openssl ocsp</c> responder over the test PKI: the exporter
/// keeps those for each signer current at its signature's trusted time, the verifier judges them offline, and OpenSSL accepts what is carried.
/// </summary>
public sealed class BundleOcspTests : IDisposable
{
    private static readonly Instant Issued = Instant.FromUtc(2020, 1, 1, 0, 0);
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.CreateRoot(new FakeClock(TestPki.SigningTime), "CN=OCSP Test CA, O=OCSP Tests",
        TestKeyType.Rsa2048, Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2049, 1, 1, 0, 0));
    private readonly X509Certificate2 _approver;
    private readonly X509Certificate2 _organisation;
    private readonly X509Certificate2 _responder;
    private readonly EvidenceBundleVerifier _verifier;

    public BundleOcspTests()
    {
        _approver = _ca.Issue("CN=Avery Approver, T=Compliance Officer", Profile(TestKeyType.EcdsaP256));
        _organisation = _ca.Issue("CN=OCSP Tests Checkpoints, O=OCSP Tests", Profile(TestKeyType.Rsa2048));
        _responder = _ca.Issue("CN=OCSP Test Responder", Profile(TestKeyType.Rsa2048) with { ExtendedKeyUsages = [ParsedOcspResponse.OcspSigningUsage] });
        _verifier = new EvidenceBundleVerifier(new SignatureTrustPolicy([_ca.Certificate]));
    }

    [Fact]
    public async Task Export_OcspResponses_CarriesThoseOfTheSignersAndVerifiesGood_OpenSslAccepts()
    {
        using var responder = Responder(_responder);
        var approver = responder.Respond(_approver, sha256CertId: true);
        var organisation = responder.Respond(_organisation);
        var unrelated = _ca.Issue("CN=Someone Else", Profile(TestKeyType.EcdsaP256));
        responder.Add(unrelated);
        var other = responder.Respond(unrelated);

        var bundle = await BundleAsync(ListOf(approver, organisation, other), After(approver, organisation));
        var report = await VerifyAsync(bundle);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(new[] { Name(approver), Name(organisation) }.Order(StringComparer.Ordinal), report.Manifest!.Revocation);
        Assert.Equal(Name(approver), report.Revocation!.Single(r => r.SignatureFile.StartsWith("approvals/", StringComparison.Ordinal)).EvidenceFile);
        Assert.Equal(Name(organisation), report.Revocation!.Single(r => r.SignatureFile == BundleFormat.CheckpointSignatureFile).EvidenceFile);
        Assert.All(report.Revocation!, r => Assert.Equal(RevocationStatus.Good, r.Status));
        var openSsl = responder.Check(BundleZip.Members(bundle)[Name(approver)], _approver, _ca.Certificate, sha256CertId: true);
        Assert.True(openSsl.ExitCode == 0, openSsl.Output);
        Assert.Contains("Response verify OK", openSsl.Output, StringComparison.Ordinal);
        Assert.Contains("subject.pem: good", openSsl.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ResponseSaysRevokedBeforeTheSignature_SignerRevokedNamesTheApproval()
    {
        using var responder = Responder(_responder, Instant.FromUtc(2025, 6, 1, 11, 0));
        var approver = responder.Respond(_approver);

        var report = await VerifyAsync(await BundleAsync(ListOf(approver), After(approver)));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.SignerRevoked, finding.Kind);
        Assert.StartsWith("approvals/", finding.File, StringComparison.Ordinal);
        Assert.Contains("revoked at 2025-06-01T11:00:00.000000Z", finding.Message, StringComparison.Ordinal);
        Assert.Contains(Name(approver), finding.Message, StringComparison.Ordinal);
        Assert.Equal(RevocationStatus.NotChecked, report.Revocation!.Single(r => r.SignatureFile == BundleFormat.CheckpointSignatureFile).Status);
    }

    [Fact]
    public async Task Verify_ResponseSaysRevokedAfterTheSignature_VerifiedWithANote()
    {
        using var responder = Responder(_responder, Instant.FromUtc(2047, 1, 1, 0, 0));
        var approver = responder.Respond(_approver);

        var report = await VerifyAsync(await BundleAsync(ListOf(approver), After(approver)));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        var note = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.RevokedAfterTrustedTime);
        Assert.StartsWith("approvals/", note.File, StringComparison.Ordinal);
        Assert.Equal(RevocationStatus.RevokedAfterTrustedTime, report.Revocation!.Single(r => r.SignatureFile == note.File).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_ForgedResponder_RevocationDataInvalidNamesTheResponse(bool otherCa)
    {
        // A responder of another CA, or one of this CA without id-kp-OCSPSigning: neither speaks for the issuer.
        using var rogue = TestCertificateAuthority.CreateRoot(new FakeClock(TestPki.SigningTime), "CN=Rogue CA", TestKeyType.Rsa2048, Issued, Instant.FromUtc(2049, 1, 1, 0, 0));
        var forger = otherCa
            ? rogue.Issue("CN=OCSP Test Responder", Profile(TestKeyType.Rsa2048) with { ExtendedKeyUsages = [ParsedOcspResponse.OcspSigningUsage] })
            : _ca.Issue("CN=Not A Responder", Profile(TestKeyType.Rsa2048));
        using var responder = Responder(forger);
        var approver = responder.Respond(_approver);

        var report = await VerifyAsync(await BundleAsync(ListOf(approver), After(approver)));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure && f.File == Name(approver));
        Assert.Equal(BundleFindingKind.RevocationDataInvalid, finding.Kind);
        Assert.Contains(otherCa ? "is not a certificate issued by CN=OCSP Test CA" : "does not carry the OCSP signing extended key usage", finding.Message, StringComparison.Ordinal);
        Assert.Equal(RevocationStatus.DataInvalid, report.Revocation!.Single(r => r.SignatureFile.StartsWith("approvals/", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public async Task Verify_ResponderAnswersUnknown_RevocationDataInvalidNamesTheResponse()
    {
        // The responder's database does not hold the approver: it answers unknown, which vouches for nothing.
        using var responder = new OpenSslOcspResponder(_ca.Certificate, _responder);
        responder.Add(_organisation);
        var approver = responder.Respond(_approver);

        var report = await VerifyAsync(await BundleAsync(ListOf(approver), After(approver)));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.RevocationDataInvalid, Name(approver)), (finding.Kind, finding.File));
        Assert.Contains("the responder answers unknown", finding.Message, StringComparison.Ordinal);
        Assert.Equal(RevocationStatus.DataInvalid, report.Revocation!.Single(r => r.SignatureFile.StartsWith("approvals/", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public async Task Verify_ResponseForAnotherSerial_RevocationDataInvalid_AndTheExporterDoesNotCarryIt()
    {
        using var responder = Responder(_responder);
        var unrelated = _ca.Issue("CN=Someone Else", Profile(TestKeyType.EcdsaP256));
        responder.Add(unrelated);
        var other = responder.Respond(unrelated);
        var bundle = await BundleAsync(ListOf(other), After(other));
        using var signer = new X509CertificateSigner(_organisation);

        var resealed = await BundleZip.ResignAsync(bundle, (_, b) => b, m => BundleZip.Copy(m, revocation: [Name(other)]), signer, new Dictionary<string, byte[]> { [Name(other)] = other });
        var report = await VerifyAsync(resealed);

        Assert.DoesNotContain(BundleZip.Members(bundle).Keys, n => n.StartsWith(BundleFormat.RevocationFolder, StringComparison.Ordinal));
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.RevocationDataInvalid, Name(other)), (finding.Kind, finding.File));
        Assert.Contains("is for no certificate that signed in the bundle", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StaleResponse_RevocationDataInvalidNamesTheResponse()
    {
        using var responder = Responder(_responder);
        var approver = responder.Respond(_approver, validDays: 1);
        // Signed two days after the response's thisUpdate, beyond its nextUpdate: the exporter would not carry it, a dishonest one does.
        var signedAt = ThisUpdate(approver) + Duration.FromDays(2);
        var bundle = await BundleAsync(null, signedAt);
        using var signer = new X509CertificateSigner(_organisation);

        var resealed = await BundleZip.ResignAsync(bundle, (_, b) => b, m => BundleZip.Copy(m, revocation: [Name(approver)]), signer, new Dictionary<string, byte[]> { [Name(approver)] = approver });
        var report = await VerifyAsync(resealed);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.RevocationDataInvalid, Name(approver)), (finding.Kind, finding.File));
        Assert.Contains("was not current at the trusted time", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CurrentCrlSaysGoodButResponseSaysRevoked_SignerRevokedSaysTheyDisagree()
    {
        using var responder = Responder(_responder, Instant.FromUtc(2025, 6, 1, 11, 0));
        var approver = responder.Respond(_approver);
        var at = After(approver);
        var crl = _ca.CreateCrl(at - Duration.FromHours(1), Duration.FromDays(7));

        var report = await VerifyAsync(await BundleAsync(new ListedRevocationData([crl], [approver]), at));

        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.SignerRevoked, finding.Kind);
        Assert.Contains("the revocation data disagree", finding.Message, StringComparison.Ordinal);
        Assert.Contains(BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(crl))), finding.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    private static TestCertificateProfile Profile(TestKeyType keyType) =>
        new() { KeyType = keyType, ValidFrom = Issued, ValidUntil = Instant.FromUtc(2048, 1, 1, 0, 0) };

    private static string Name(byte[] response) => BundleFormat.OcspResponseFile(Convert.ToHexStringLower(SHA256.HashData(response)));

    private static Instant ThisUpdate(byte[] response) => ParsedOcspResponse.Parse(response).Responses[0].ThisUpdate;

    /// <summary>A minute after the latest thisUpdate: OpenSSL stamps responses with the wall clock, so the signatures follow them.</summary>
    private static Instant After(params byte[][] responses) => responses.Max(ThisUpdate) + Duration.FromMinutes(1);

    private static ListedRevocationData ListOf(params byte[][] responses) => new([], responses);

    /// <summary>A responder signing with <paramref name="signer"/> that knows the organisation's key (good) and the approver's (revoked when given).</summary>
    private OpenSslOcspResponder Responder(X509Certificate2 signer, Instant? approverRevokedAt = null)
    {
        var responder = new OpenSslOcspResponder(_ca.Certificate, signer);
        responder.Add(_organisation);
        responder.Add(_approver, approverRevokedAt);
        return responder;
    }

    private async Task<byte[]> BundleAsync(IRevocationDataSource? revocation, Instant signedAt)
    {
        var chain = new BundleTestChain(signedAt);
        await chain.GrantAsync(_approver, "Compliance Officer");
        chain.AppendFacts(3);
        await chain.ApproveAsync(_approver, "Compliance Officer");
        chain.AppendFacts(2);
        using var signer = new X509CertificateSigner(_organisation);
        return await chain.BundleAsync(signer: signer, anchors: [_ca.Certificate], revocation: revocation);
    }

    private Task<BundleVerificationReport> VerifyAsync(byte[] bundle) => _verifier.VerifyAsync(new MemoryStream(bundle, writable: false));
}
