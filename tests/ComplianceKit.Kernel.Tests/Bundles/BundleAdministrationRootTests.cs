using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// The offline verifier judges a bundle's role grants against an administration root (issue 11): the bundle declares the
/// organisation's root, the auditor pins it (a PEM or its fingerprint), and an unsigned grant, a grant signed by a key outside
/// the root, or a root other than the pinned one is a named finding; an unpinned root is reported as such.
/// </summary>
public sealed class BundleAdministrationRootTests
{
    private const string Role = "Compliance Officer";
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;
    private static TestPki Pki => TestPki.Instance;

    [Fact]
    public async Task Verify_GrantSignedUnderTheDeclaredRoot_PinnedByTheAuditor_IsVerifiedAndAuthorized()
    {
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRoots = [Admins.Root] });

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.True(Assert.Single(report.Approvals).Authorized);
        Assert.True(report.AdministrationRootPinned);
        Assert.Equal([CertificateFingerprint.Of(Admins.Root)], report.AdministrationRootSha256s);
        Assert.DoesNotContain(report.Findings, f => f.Kind == BundleFindingKind.AdministrationRootNotPinned);
    }

    [Fact]
    public async Task Verify_DeclaredRootNotPinned_VerifiesWithANoteNamingItsFingerprint()
    {
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.False(report.AdministrationRootPinned);
        var note = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.AdministrationRootNotPinned);
        Assert.Contains(CertificateFingerprint.Of(Admins.Root), note.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(report.Approvals).Authorized);
    }

    [Fact]
    public async Task Verify_UnsignedGrant_IsNamedAndTheApprovalIsNotAuthorized()
    {
        var grant = 0L;
        var bundle = await BundleAsync(async chain =>
        {
            await chain.GrantAsync(Pki.RsaSigner, Role);
            grant = chain.Entries[^1].Sequence;
        });

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRoots = [Admins.Root] });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.AdministrativeEntryIgnored);
        Assert.Equal(grant, finding.Sequence);
        Assert.StartsWith("NotSigned:", finding.Message, StringComparison.Ordinal);
        Assert.True(finding.IsTrustProblem);
        Assert.False(Assert.Single(report.Approvals).Authorized);
    }

    [Fact]
    public async Task Verify_GrantSignedByAKeyOutsideTheRoot_IsNamedAndTheApprovalIsNotAuthorized()
    {
        using var signerItself = new X509CertificateSigner(Pki.RsaSigner);
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, signerItself));

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRoots = [Admins.Root] });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.StartsWith("NotSignedByAdministrator:", Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.AdministrativeEntryIgnored).Message, StringComparison.Ordinal);
        Assert.False(Assert.Single(report.Approvals).Authorized);
    }

    [Fact]
    public async Task Verify_AuditorPinsAnotherRoot_IsAMismatchAndTheGrantDoesNotCount()
    {
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRoots = [Pki.OtherRoot] });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.AdministrationRootMismatch);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.AdministrativeEntryIgnored);
        Assert.All(report.Findings.Where(f => f.IsFailure), f => Assert.True(f.IsTrustProblem, f.ToString()));
    }

    [Fact]
    public async Task Verify_FingerprintPin_MatchingTheDeclaredRoot_IsPinnedAndAnotherFingerprintIsAMismatch()
    {
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));

        var matching = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRootSha256 = CertificateFingerprint.Of(Admins.Root).ToUpperInvariant() });
        var other = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { AdministrationRootSha256 = CertificateFingerprint.Of(Pki.OtherRoot) });

        Assert.True(matching.IsValid, BundleVerification.Describe(matching));
        Assert.True(matching.AdministrationRootPinned);
        Assert.Equal(BundleVerdict.Invalid, other.Verdict);
        Assert.Contains(other.Findings, f => f.Kind == BundleFindingKind.AdministrationRootMismatch);
    }

    [Fact]
    public async Task Verify_BundleDeclaringNoRoot_ReplaysGrantsAsRecordedWithANote()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 5);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Empty(report.AdministrationRootSha256s);
        Assert.All(report.Approvals, a => Assert.True(a.Authorized));
        Assert.Contains("declares no administration root", Assert.Single(report.Findings, f => f.Kind == BundleFindingKind.AdministrationRootNotPinned).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RootFileNotTheDeclaredRoot_IsACountMismatch()
    {
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));
        var resigned = await BundleZip.ResignAsync(bundle, (n, b) => n == BundleFormat.AdministrationRootsFile ? System.Text.Encoding.ASCII.GetBytes(Pki.OtherRoot.ExportCertificatePem()) : b,
            signer: new X509CertificateSigner(Pki.RsaSigner));

        var report = await BundleVerification.VerifyAsync(resigned);

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CountMismatch && f.File == BundleFormat.AdministrationRootsFile);
    }

    [Fact]
    public async Task Verify_RootFileWithADamagedValidity_IsMalformedNotACrash()
    {
        // .NET parses a certificate's validity lazily: a damaged date used to throw inside the verifier (exit 3 in the CLI).
        var der = Admins.Root.RawData;
        var validity = der.AsSpan().IndexOf([(byte)0x17, (byte)0x0D]); // the first UTCTime: notBefore
        der[validity + 2] = (byte)'A';
        var pem = System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", der) + "\n");
        var bundle = await BundleAsync(chain => chain.GrantSignedAsync(Pki.RsaSigner, Role, Admins.Administrator));
        var resigned = await BundleZip.ResignAsync(bundle, (n, b) => n == BundleFormat.AdministrationRootsFile ? pem : b,
            signer: new X509CertificateSigner(Pki.RsaSigner));

        var report = await BundleVerification.VerifyAsync(resigned);

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.Malformed && f.File == BundleFormat.AdministrationRootsFile);
    }

    /// <summary>A chain whose grant <paramref name="grant"/> writes, an approval relying on it, exported declaring the test administration root.</summary>
    private static async Task<byte[]> BundleAsync(Func<BundleTestChain, Task> grant)
    {
        var chain = new BundleTestChain { AdministrationRoots = [Admins.Root] };
        await grant(chain);
        chain.AppendFacts(3);
        await chain.ApproveAsync(Pki.RsaSigner, Role);
        return await chain.BundleAsync();
    }
}
