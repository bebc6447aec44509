using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Revocation;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// CRLs carried in version 2 bundles (FORMAT.md 12.15): the exporter picks those current at each signature's trusted time, the verifier
/// judges each signer at that time offline, and OpenSSL agrees with its verdicts on the extracted files.
/// </summary>
public sealed class BundleRevocationTests : IDisposable
{
    private static readonly Instant At = TestPki.SigningTime;
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.CreateRoot(new FakeClock(At), "CN=Revocation Test CA, O=Revocation Tests",
        TestKeyType.Rsa2048, Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2049, 1, 1, 0, 0));
    private readonly X509Certificate2 _approver;
    private readonly X509Certificate2 _organisation;
    private readonly EvidenceBundleVerifier _verifier;

    public BundleRevocationTests()
    {
        _approver = _ca.Issue("CN=Avery Approver, T=Compliance Officer", Profile(TestKeyType.EcdsaP256));
        _organisation = _ca.Issue("CN=Revocation Tests Checkpoints, O=Revocation Tests", Profile(TestKeyType.Rsa2048));
        _verifier = new EvidenceBundleVerifier(new SignatureTrustPolicy([_ca.Certificate]));
    }

    [Fact]
    public async Task Export_CrlFolder_CarriesOnlyTheCrlCurrentAtTheSignaturesAndVerifiesGood()
    {
        using var folder = new TempFolder();
        var current = _ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7));
        folder.Write("current.crl", current);
        folder.Write("old.crl", _ca.CreateCrl(At - Duration.FromDays(60), Duration.FromDays(30)));
        using var other = TestCertificateAuthority.CreateRoot(new FakeClock(At), "CN=Unrelated CA");
        folder.Write("unrelated.pem", PemEncoding.WriteString("X509 CRL", other.CreateCrl(At - Duration.FromHours(1))));

        var bundle = await BundleAsync(new DirectoryRevocationDataSource(folder.Path));
        var report = await VerifyAsync(bundle);

        var name = BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(current)));
        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal([name], report.Manifest!.Revocation);
        Assert.Equal(current, BundleZip.Members(bundle)[name]);
        Assert.Equal(2, report.Revocation!.Count);
        Assert.All(report.Revocation, r => Assert.Equal((RevocationStatus.Good, name), (r.Status, r.EvidenceFile)));
        Assert.Contains(report.Revocation, r => r.SignatureFile == BundleFormat.CheckpointSignatureFile);
    }

    [Fact]
    public async Task Verify_ApproverRevokedBeforeTheSignature_SignerRevokedNamesTheApproval()
    {
        _ca.Revoke(_approver, At - Duration.FromMinutes(10));

        var report = await VerifyAsync(await BundleAsync(Crls(_ca.CreateCrl(At - Duration.FromMinutes(5), Duration.FromDays(7)))));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.SignerRevoked, finding.Kind);
        Assert.StartsWith("approvals/", finding.File, StringComparison.Ordinal);
        Assert.Contains("CN=Avery Approver", finding.Message, StringComparison.Ordinal);
        Assert.Equal(RevocationStatus.Revoked, report.Revocation!.Single(r => r.SignatureFile == finding.File).Status);
        Assert.Equal(RevocationStatus.Good, report.Revocation!.Single(r => r.SignatureFile == BundleFormat.CheckpointSignatureFile).Status);
    }

    [Fact]
    public async Task Verify_ApproverRevokedAfterTheSignature_VerifiedWithANote()
    {
        _ca.Revoke(_approver, At + Duration.FromDays(1));

        var report = await VerifyAsync(await BundleAsync(Crls(_ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7)))));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.RevokedAfterTrustedTime && f.File!.StartsWith("approvals/", StringComparison.Ordinal));
        Assert.Contains(report.Revocation!, r => r.Status == RevocationStatus.RevokedAfterTrustedTime);
    }

    [Fact]
    public async Task Verify_CrlSignatureBroken_RevocationDataInvalidNamesTheCrl()
    {
        var crl = _ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7));
        crl[^1] ^= 0x01;

        var report = await VerifyAsync(await BundleAsync(Crls(crl)));

        var name = BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(crl)));
        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.RevocationDataInvalid, name), (finding.Kind, finding.File));
        Assert.Contains("does not verify with the key of the issuing CA CN=Revocation Test CA", finding.Message, StringComparison.Ordinal);
        Assert.All(report.Revocation!, r => Assert.Equal(RevocationStatus.DataInvalid, r.Status));
    }

    [Fact]
    public async Task Verify_CrlByteChangedInTheArchive_FileAlteredNamesTheCrl()
    {
        var bundle = await BundleAsync(Crls(_ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7))));

        var tampered = BundleZip.Rewrite(bundle, (n, b) => n.StartsWith(BundleFormat.RevocationFolder, StringComparison.Ordinal) ? Flip(b, 40) : b);
        var report = await VerifyAsync(tampered);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File!.StartsWith(BundleFormat.RevocationFolder, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_CrlNotCurrentAtAnyTrustedTime_RevocationDataInvalidNamesTheCrl()
    {
        var stale = _ca.CreateCrl(At - Duration.FromDays(60), Duration.FromDays(30));
        var name = BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(stale)));
        var bundle = await BundleAsync(null);
        using var signer = new X509CertificateSigner(_organisation);

        var resealed = await BundleZip.ResignAsync(bundle, (_, b) => b, m => BundleZip.Copy(m, revocation: [name]), signer, new Dictionary<string, byte[]> { [name] = stale });
        var report = await VerifyAsync(resealed);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.RevocationDataInvalid, name), (finding.Kind, finding.File));
        Assert.Contains("was not current at the trusted time", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RevocationMemberInAVersion1Manifest_Malformed()
    {
        var crl = _ca.CreateCrl(At - Duration.FromHours(1), Duration.FromDays(7));
        var bundle = await BundleAsync(Crls(crl));
        using var signer = new X509CertificateSigner(_organisation);

        var report = await VerifyAsync(await BundleZip.ResignAsync(bundle, (_, b) => b, m => BundleZip.Copy(m, version: BundleFormatVersion.V1), signer));

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.Malformed && f.File == BundleFormat.ManifestFile);
    }

    [Fact]
    public async Task Verify_BundleWithoutRevocationData_RevocationNotChecked()
    {
        var report = await VerifyAsync(await BundleAsync(null));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Null(report.Revocation);
    }

    [Fact]
    public async Task Export_Version1WithRevocationData_RefusedBeforeSigning()
    {
        var chain = await ChainAsync();
        using var signer = new X509CertificateSigner(_organisation);

        await Assert.ThrowsAsync<BundleExportException>(() => chain.BundleAsync(signer: signer, anchors: [_ca.Certificate], version: BundleFormatVersion.V1,
            revocation: Crls(_ca.CreateCrl(At - Duration.FromHours(1)))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenSsl_ExtractedCrlAndSigner_AgreesWithTheVerdict(bool revokedBefore)
    {
        // Not the revoked-after case: OpenSSL calls any listed certificate revoked, whatever its revocation date (FORMAT.md 12.15).
        if (revokedBefore)
        {
            _ca.Revoke(_approver, At - Duration.FromMinutes(10));
        }

        var bundle = await BundleAsync(Crls(_ca.CreateCrl(At - Duration.FromMinutes(5), Duration.FromDays(7))));
        var report = await VerifyAsync(bundle);
        var members = BundleZip.Members(bundle);
        using var openSsl = new OpenSslCli();
        openSsl.Write("ca.pem", _ca.Certificate.ExportCertificatePem());
        openSsl.Write("crl.der", members[report.Manifest!.Revocation[0]]);
        openSsl.Write("approver.pem", members[BundleFormat.CertificateFile(CertificateFingerprint.Of(_approver))]);

        var crlCheck = openSsl.Run("crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore", "-noout");
        var pem = openSsl.Run("crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
        var verify = openSsl.Run("verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore",
            "-attime", (At + Duration.FromSeconds(2)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "approver.pem");

        Assert.Equal(0, crlCheck.ExitCode);
        Assert.Contains("verify OK", crlCheck.Output, StringComparison.Ordinal);
        Assert.Equal(0, pem.ExitCode);
        Assert.Equal(!revokedBefore, report.IsValid);
        Assert.Equal(revokedBefore, verify.ExitCode != 0);
        Assert.Contains(revokedBefore ? "certificate revoked" : "OK", verify.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    private static TestCertificateProfile Profile(TestKeyType keyType) =>
        new() { KeyType = keyType, ValidFrom = Instant.FromUtc(2020, 1, 1, 0, 0), ValidUntil = Instant.FromUtc(2048, 1, 1, 0, 0) };

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static ListedCrls Crls(params byte[][] crls) => new(crls);

    private async Task<BundleTestChain> ChainAsync()
    {
        var chain = new BundleTestChain();
        await chain.GrantAsync(_approver, "Compliance Officer");
        chain.AppendFacts(3);
        await chain.ApproveAsync(_approver, "Compliance Officer");
        chain.AppendFacts(2);
        return chain;
    }

    private async Task<byte[]> BundleAsync(IRevocationDataSource? revocation)
    {
        var chain = await ChainAsync();
        using var signer = new X509CertificateSigner(_organisation);
        return await chain.BundleAsync(signer: signer, anchors: [_ca.Certificate], revocation: revocation);
    }

    private Task<BundleVerificationReport> VerifyAsync(byte[] bundle) => _verifier.VerifyAsync(new MemoryStream(bundle, writable: false));

    /// <summary>A host's revocation data held in memory: every CRL it was given, for any certificate.</summary>
    private sealed class ListedCrls(IReadOnlyList<byte[]> crls) : IRevocationDataSource
    {
        public Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken) =>
            Task.FromResult(crls);
    }
}
