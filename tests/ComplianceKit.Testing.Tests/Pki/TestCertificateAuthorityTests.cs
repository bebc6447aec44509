using ComplianceKit.Ledger;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Testing.Tests.Pki;

/// <summary>The test CA makes what the core's verifier judges as production certificates: good, expired, revoked, unsuitable.</summary>
public sealed class TestCertificateAuthorityTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 1, 12, 0);
    private static readonly byte[] Statement = "Casey approves release 2026.04.1"u8.ToArray();
    private readonly FakeClock _clock = new(Now);

    [Theory]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    [InlineData(TestKeyType.Rsa2048)]
    public async Task IssueSigner_SignatureVerifiesUnderTheTrustPolicy(TestKeyType keyType)
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock, "CN=Acme Clinic CA, O=Acme Clinic");
        using var signer = TestSigner.Issue(ca, "CN=Casey Officer, T=Compliance Officer", keyType);

        var signature = await signer.SignDetachedAsync(Statement, Now);
        var result = new CmsSignatureVerifier(ca.CreateTrustPolicy()).Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.Equal([signer.Certificate.Thumbprint, ca.Certificate.Thumbprint], result.Chain.Select(c => c.Thumbprint));
        Assert.Equal(1, signer.SignatureCount);
    }

    [Fact]
    public void IssueSigner_ValidityIsAroundTheClocksNow()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);

        using var certificate = ca.IssueSigner("CN=Casey");

        Assert.Equal(Now - Duration.FromDays(365), Instant.FromDateTimeUtc(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(Now + Duration.FromDays(5 * 365), Instant.FromDateTimeUtc(certificate.NotAfter.ToUniversalTime()));
        Assert.True(certificate.HasPrivateKey);
        Assert.False(ca.Certificate.HasPrivateKey);
    }

    [Fact]
    public async Task IssueExpiredAndNotYetValid_NotValidAtSigningTime()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);
        var verifier = new CmsSignatureVerifier(ca.CreateTrustPolicy());
        using var expired = new TestSigner(ca.IssueExpired("CN=Eddie Expired"));
        using var early = new TestSigner(ca.IssueNotYetValid("CN=Nat NotYet"));

        var expiredResult = verifier.Verify(Statement, await expired.SignDetachedAsync(Statement, Now));
        var earlyResult = verifier.Verify(Statement, await early.SignDetachedAsync(Statement, Now));

        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, expiredResult.Status);
        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, earlyResult.Status);
    }

    [Fact]
    public async Task IssueRevoked_RealCrlInThePolicy_Revoked()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);
        using var signer = new TestSigner(ca.IssueRevoked("CN=Rhys Revoked"));

        var result = new CmsSignatureVerifier(ca.CreateTrustPolicy()).Verify(Statement, await signer.SignDetachedAsync(Statement, Now));

        Assert.Equal(SignatureVerificationStatus.Revoked, result.Status);
    }

    [Fact]
    public void CreateCrl_ListsRevokedSerialsWithIncreasingNumbers()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock, keyType: TestKeyType.EcdsaP256);
        using var revoked = ca.IssueSigner("CN=Lee");
        ca.Revoke(revoked, Now - Duration.FromDays(2), X509RevocationReason.Superseded);

        var first = CertificateRevocationListBuilder.Load(ca.CreateCrl(), out var firstNumber);
        _ = CertificateRevocationListBuilder.Load(ca.CreateCrl(), out var secondNumber);

        Assert.True(first.RemoveEntry(revoked.SerialNumberBytes.Span));
        Assert.True(secondNumber > firstNumber);
    }

    [Fact]
    public async Task IssueRevoked_RevokedAfterSigning_StillValid()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);
        using var signer = new TestSigner(ca.IssueRevoked("CN=Lee RevokedLater", revokedAt: Now + Duration.FromDays(10)));

        var result = new CmsSignatureVerifier(ca.CreateTrustPolicy()).Verify(Statement, await signer.SignDetachedAsync(Statement, Now));

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public async Task CreateIntermediate_SignerBelowIt_VerifiesAndItsCrlCounts()
    {
        using var root = TestCertificateAuthority.CreateRoot(_clock);
        using var issuing = root.CreateIntermediate("CN=Acme Issuing CA, O=Acme Clinic");
        using var good = TestSigner.Issue(issuing, "CN=Ian Intermediate");
        using var revoked = new TestSigner(issuing.IssueRevoked("CN=Iris Revoked"));
        var verifier = new CmsSignatureVerifier(root.CreateTrustPolicy());

        var goodResult = verifier.Verify(Statement, await good.SignDetachedAsync(Statement, Now));
        var revokedResult = verifier.Verify(Statement, await revoked.SignDetachedAsync(Statement, Now));

        Assert.Equal(SignatureVerificationStatus.Valid, goodResult.Status);
        Assert.Equal(3, goodResult.Chain.Count);
        Assert.Equal(SignatureVerificationStatus.Revoked, revokedResult.Status);
    }

    [Fact]
    public void IssueWithoutSigningKeyUsage_TheCheckBeforeSigningNamesKeyUsage()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);
        using var certificate = ca.IssueWithoutSigningKeyUsage("CN=Kim KeyEncipherment");

        var result = new CmsSignatureVerifier(ca.CreateTrustPolicy()).CheckCertificate(certificate, Now);

        Assert.Equal(SignatureVerificationStatus.KeyUsageMissing, result.Status);
    }

    [Fact]
    public void Issue_CaOrWeakKeyProfile_RefusedBySignerPolicy()
    {
        using var ca = TestCertificateAuthority.CreateRoot(_clock);
        using var caCertificate = ca.Issue("CN=Carl CaCertificate", new TestCertificateProfile { IsCertificateAuthority = true });
        using var weak = ca.Issue("CN=Walt WeakKey", new TestCertificateProfile { KeyType = TestKeyType.Rsa1024 });

        Assert.Throws<SignerCertificateRejectedException>(() => new TestSigner(caCertificate));
        Assert.Throws<SignerCertificateRejectedException>(() => new TestSigner(weak));
    }
}
