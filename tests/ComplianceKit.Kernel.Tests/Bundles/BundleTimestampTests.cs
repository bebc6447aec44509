using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// RFC 3161 tokens in version 2 bundles (FORMAT.md 12.13): the checkpoint's and approvals' tokens survive export and bundle
/// verification judges them at the timestamp's time, by the same verifier and the same role rule as <c>verify --db</c>.
/// </summary>
public sealed class BundleTimestampTests : IDisposable
{
    private static readonly Instant TsaTime = TestPki.SigningTime + Duration.FromMinutes(1);
    private readonly TestCertificateAuthority _tsaRoot = TestCertificateAuthority.CreateRoot(new FakeClock(TestPki.SigningTime), "CN=Bundle Time Root, O=Time Co",
        TestKeyType.Rsa2048, Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2049, 1, 1, 0, 0));
    private readonly TimestampResponder _tsa;

    public BundleTimestampTests()
    {
        var certificate = _tsaRoot.IssueTimeStamping("CN=Bundle TSA, O=Time Co", validFrom: Instant.FromUtc(2020, 1, 1, 0, 0), validUntil: Instant.FromUtc(2048, 1, 1, 0, 0));
        _tsa = new TimestampResponder(certificate, new FakeClock(TsaTime));
    }

    private BundleVerificationOptions WithTsa => new() { TimestampAuthorityTrustAnchors = [_tsaRoot.Certificate] };

    [Fact]
    public async Task Verify_TimestampedCheckpointAndApproval_JudgedAtTheTimestampsTime()
    {
        var (chain, signer) = await TimestampedChainAsync();

        var bundle = await chain.BundleAsync(signer: signer);
        var report = await BundleVerification.VerifyAsync(bundle, WithTsa);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.NotNull(SignatureTimestamps.Find(BundleZip.Members(bundle)[BundleFormat.CheckpointSignatureFile]));
        Assert.Equal(SigningTimeBasis.Timestamp, report.CheckpointSignature!.TimeBasis);
        Assert.Equal(TsaTime, report.CheckpointSignature.TrustedTime);
        var approval = Assert.Single(report.Approvals);
        Assert.Equal(SigningTimeBasis.Timestamp, approval.TimeBasis);
        Assert.Equal(TsaTime, approval.TrustedTime);
        Assert.Contains("CN=Bundle TSA", approval.TimeBasisReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TimestampedBundleWithoutTsaAnchors_JudgedAtTheClaimedTimeAndSaysWhy()
    {
        var (chain, signer) = await TimestampedChainAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: signer));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(SigningTimeBasis.ClaimedSigningTime, report.CheckpointSignature!.TimeBasis);
        Assert.Contains("no time-stamping trust anchor", report.Approvals[0].TimeBasisReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RoleRevokedBetweenClaimedTimeAndTimestamp_ApprovalNotAuthorizedAtTheTimestampsTime()
    {
        var (chain, signer) = await TimestampedChainAsync();
        var fingerprint = CertificateFingerprint.Of(TestPki.Instance.RsaSigner);
        chain.Append(new EntryDraft(ApprovalEntryTypes.RoleRevoked, "role:Compliance Officer", "admin",
            RoleGrantBook.Payload("Compliance Officer", fingerprint, TestPki.Instance.RsaSigner.Subject)));

        var bundle = await chain.BundleAsync(signer: signer);
        var timestamped = await BundleVerification.VerifyAsync(bundle, WithTsa);
        var claimed = await BundleVerification.VerifyAsync(bundle);

        Assert.False(timestamped.Approvals[0].Authorized);
        Assert.Contains(timestamped.Findings, f => f.Kind == BundleFindingKind.ApprovalNotAuthorized && f.Message.Contains("RFC 3161", StringComparison.Ordinal));
        Assert.True(claimed.Approvals[0].Authorized);
    }

    [Fact]
    public async Task Verify_CheckpointTokenOverAnotherSignature_SignerNotTrusted()
    {
        var (chain, _) = await TimestampedChainAsync();
        using var organisation = new X509CertificateSigner(TestPki.Instance.RsaSigner);

        var bundle = await chain.BundleAsync(signer: new ForeignTokenSigner(organisation, _tsa));
        var report = await BundleVerification.VerifyAsync(bundle, WithTsa);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, report.CheckpointSignature!.Status);
        Assert.Equal(TimestampVerificationStatus.ImprintMismatch, report.CheckpointSignature.Timestamp!.Status);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.SignerNotTrusted && f.File == BundleFormat.CheckpointSignatureFile);
    }

    [Fact]
    public async Task Verify_TsaNotTrusted_CheckpointAndApprovalSignersNotTrusted()
    {
        var (chain, signer) = await TimestampedChainAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: signer),
            new BundleVerificationOptions { TimestampAuthorityTrustAnchors = [TestPki.Instance.Root] });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Equal(TimestampVerificationStatus.UntrustedAuthority, report.CheckpointSignature!.Timestamp!.Status);
        Assert.Equal(SignatureVerificationStatus.TimestampRejected, report.Approvals[0].SignatureStatus);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.SignerNotTrusted && f.Sequence == report.Approvals[0].Sequence);
    }

    [Fact]
    public async Task Verify_VersionOneBundleWithATokenOnCheckpointSignature_CheckpointSignatureInvalid()
    {
        var (chain, _) = await TimestampedChainAsync();
        var v1 = await chain.BundleAsync(version: BundleFormatVersion.V1);

        var stamped = BundleZip.Rewrite(v1, (n, b) => n == BundleFormat.CheckpointSignatureFile ? _tsa.Timestamp(b) : b);
        var report = await BundleVerification.VerifyAsync(stamped, WithTsa);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.CheckpointSignatureInvalid, finding.Kind);
        Assert.Contains("only a version 2 bundle", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_VersionTwoCheckpointWithAnotherUnsignedAttribute_CheckpointSignatureInvalid()
    {
        var (chain, _) = await TimestampedChainAsync();
        var bundle = await chain.BundleAsync();

        var altered = BundleZip.Rewrite(bundle, (n, b) => n == BundleFormat.CheckpointSignatureFile ? WithUnsignedDocumentName(b) : b);
        var report = await BundleVerification.VerifyAsync(altered, WithTsa);

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CheckpointSignatureInvalid && f.Message.Contains("other than one signatureTimeStampToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_VersionOneWithATimestampingSigner_RefusedBeforeWriting()
    {
        var (chain, signer) = await TimestampedChainAsync();

        var refused = await Assert.ThrowsAsync<BundleExportException>(() => chain.BundleAsync(signer: signer, version: BundleFormatVersion.V1));

        Assert.Contains("version 1", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _tsa.Dispose();
        _tsaRoot.Dispose();
    }

    /// <summary>A grant, facts and one approval whose signature carries a token; the checkpoint signer stamps too.</summary>
    private async Task<(BundleTestChain Chain, ICmsSigner Signer)> TimestampedChainAsync()
    {
        var chain = new BundleTestChain { StampApprovals = _tsa.Timestamp };
        await chain.GrantAsync(TestPki.Instance.RsaSigner, "Compliance Officer");
        chain.AppendFacts(4);
        await chain.ApproveAsync(TestPki.Instance.RsaSigner, "Compliance Officer");
        chain.AppendFacts(2);
        return (chain, new TimestampingTestSigner(new X509CertificateSigner(TestPki.Instance.RsaSigner), _tsa));
    }

    private static byte[] WithUnsignedDocumentName(byte[] signature)
    {
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(signature);
        cms.SignerInfos[0].AddUnsignedAttribute(new System.Security.Cryptography.Pkcs.Pkcs9DocumentName("checkpoint"));
        return cms.Encode();
    }

    /// <summary>Signs honestly, then attaches a token the TSA issued over another signature's value.</summary>
    private sealed class ForeignTokenSigner(ICmsSigner inner, TimestampResponder tsa) : ICmsSigner
    {
        public X509Certificate2 Certificate => inner.Certificate;

        public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
        {
            var other = tsa.Timestamp(await inner.SignDetachedAsync("another checkpoint\n"u8.ToArray(), signingTime, cancellationToken));
            return SignatureTimestamps.Attach(await inner.SignDetachedAsync(content, signingTime, cancellationToken), SignatureTimestamps.Find(other)!);
        }
    }
}
