using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// The chain of checkpoint keys inside bundles (FORMAT.md 12.16): an auditor who pinned the original key follows the rotations the
/// bundle carries to the key that signed it; a compromised key is refused unless a trusted timestamp puts its signature earlier.
/// </summary>
public sealed class BundleCheckpointKeyTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly X509CertificateSigner _original = new(Pki.RsaSigner);
    private readonly X509CertificateSigner _successor = new(Pki.EcdsaSigner);
    private readonly TestCertificateAuthority _tsaRoot = TestCertificateAuthority.CreateRoot(new FakeClock(TestPki.SigningTime), "CN=Key Time Root, O=Time Co",
        TestKeyType.Rsa2048, Instant.FromUtc(2019, 1, 1, 0, 0), Instant.FromUtc(2049, 1, 1, 0, 0));

    private static string OriginalSha256 => CertificateFingerprint.Of(Pki.RsaSigner);

    private static string SuccessorSha256 => CertificateFingerprint.Of(Pki.EcdsaSigner);

    [Fact]
    public async Task Verify_SignedByTheRotatedInKey_FollowsTheChainFromThePinnedOriginal()
    {
        var chain = await RotatedChainAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: _successor), Pinned(OriginalSha256));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        var keys = report.CheckpointKeys!;
        Assert.True(keys.Accepted);
        Assert.Equal([OriginalSha256, SuccessorSha256], keys.Followed);
        Assert.Equal(OriginalSha256, keys.PinnedCertificateSha256);
        Assert.Equal(2, keys.Chain.Count);
    }

    [Fact]
    public async Task Verify_SelectiveBundleOutsideTheRotationsScope_CarriesTheRotationAndFollowsIt()
    {
        var chain = await RotatedChainAsync();

        var bundle = await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]), signer: _successor);
        var report = await BundleVerification.VerifyAsync(bundle, Pinned(OriginalSha256));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(1, report.EntryCountsByType[CheckpointKeyEntryTypes.Rotated]);
        Assert.Equal([OriginalSha256, SuccessorSha256], report.CheckpointKeys!.Followed);
    }

    [Fact]
    public async Task Verify_PinnedKeyNoRotationLeadsFrom_RefusedNotFromPinnedKey()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 4);
        chain.FormatVersion = BundleFormatVersion.V2;

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: _successor), Pinned(OriginalSha256));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var refused = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.CheckpointKeyRefused);
        Assert.StartsWith(nameof(CheckpointKeyRefusalKind.NotFromPinnedKey), refused.Message, StringComparison.Ordinal);
        Assert.Empty(report.CheckpointKeys!.Followed);
    }

    [Fact]
    public async Task Verify_RotationNotSignedByTheNewKey_IgnoredNamedAndTheNewKeyRefused()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 4);
        chain.FormatVersion = BundleFormatVersion.V2;
        using var stranger = new X509CertificateSigner(Pki.IntermediateSigner);
        var rotation = await chain.RotateCheckpointKeyAsync(_original, _successor, payload =>
        {
            var parsed = CheckpointKeyRotation.Parse(payload);
            var forged = stranger.SignDetachedAsync(parsed.SignedContent, parsed.RotatedAt).AsTask().GetAwaiter().GetResult();
            return CheckpointKeyRotation.Compose(parsed.SignedContent, parsed.PreviousKeySignature, forged);
        });
        chain.AppendFacts(1);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: _successor), Pinned(OriginalSha256));

        var ignored = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.CheckpointKeyRotationIgnored);
        Assert.Equal(rotation.Sequence, ignored.Sequence);
        Assert.StartsWith(nameof(CheckpointKeyFindingKind.NotSignedByNewKey), ignored.Message, StringComparison.Ordinal);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CheckpointKeyRefused);
    }

    [Fact]
    public async Task Verify_CompromisedKeyUntimestamped_Refused()
    {
        var chain = await RotatedChainAsync();
        // The chain declares no administration root, so its administrative entries count as recorded (the weaker mode of 7.1).
        chain.Append(CompromiseDraft(SuccessorSha256, chain.Now - Duration.FromHours(1)));

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(signer: _successor));

        var refused = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.CheckpointKeyRefused);
        Assert.StartsWith(nameof(CheckpointKeyRefusalKind.Compromised), refused.Message, StringComparison.Ordinal);
        Assert.Equal(BundleFormat.CheckpointSignatureFile, refused.File);
        Assert.Contains(SuccessorSha256, report.CheckpointKeys!.Compromises.Keys);
    }

    [Fact]
    public async Task Verify_CompromisedKeyTimestampedBeforeTheCompromiseByATrustedTsa_Accepted()
    {
        var chain = await RotatedChainAsync();
        var tsaTime = chain.Now + Duration.FromSeconds(1);
        chain.Append(CompromiseDraft(SuccessorSha256, tsaTime + Duration.FromMinutes(10)));
        using var tsa = new TimestampResponder(_tsaRoot.IssueTimeStamping("CN=Key TSA, O=Time Co", validFrom: Instant.FromUtc(2020, 1, 1, 0, 0),
            validUntil: Instant.FromUtc(2048, 1, 1, 0, 0)), new FakeClock(tsaTime));
        var bundle = await chain.BundleAsync(signer: new TimestampingTestSigner(_successor, tsa));

        var withTsa = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions
        {
            CheckpointKeySha256 = OriginalSha256, TimestampAuthorityTrustAnchors = [_tsaRoot.Certificate],
        });
        var withoutTsa = await BundleVerification.VerifyAsync(bundle, Pinned(OriginalSha256));

        Assert.True(withTsa.IsValid, BundleVerification.Describe(withTsa));
        Assert.Equal(SigningTimeBasis.Timestamp, withTsa.CheckpointSignature!.TimeBasis);
        Assert.Contains(withoutTsa.Findings, f => f.Kind == BundleFindingKind.CheckpointKeyRefused);
    }

    [Fact]
    public async Task Verify_WithoutTrustAnchors_NoKeyChainIsJudged()
    {
        var chain = await RotatedChainAsync();

        var report = await new EvidenceBundleVerifier(null).VerifyAsync(new MemoryStream(await chain.BundleAsync(signer: _successor)), Pinned(OriginalSha256));

        Assert.Null(report.CheckpointKeys);
    }

    public void Dispose()
    {
        _original.Dispose();
        _successor.Dispose();
        _tsaRoot.Dispose();
    }

    private static BundleVerificationOptions Pinned(string sha256) => new() { CheckpointKeySha256 = sha256 };

    private static EntryDraft CompromiseDraft(string sha256, Instant from) =>
        new(CheckpointKeyEntryTypes.Compromised, $"checkpoint-key:{sha256}", "admin", new CheckpointKeyCompromise(sha256, from, "stolen laptop").ToCanonicalBytes());

    private async Task<BundleTestChain> RotatedChainAsync()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 6);
        chain.FormatVersion = BundleFormatVersion.V2;
        await chain.RotateCheckpointKeyAsync(_original, _successor);
        chain.AppendFacts(2);
        return chain;
    }
}
