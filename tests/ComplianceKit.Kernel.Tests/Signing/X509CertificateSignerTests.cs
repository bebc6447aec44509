using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

public sealed class X509CertificateSignerTests
{
    private static TestPki Pki => TestPki.Instance;

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public async Task SignDetachedAsync_AnyKey_ProducesDetachedSha256WithSigningTimeAndOnlyTheSignerCertificate(string algorithm)
    {
        var certificate = SignerByName(algorithm);
        using var signer = new X509CertificateSigner(certificate);

        var der = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        cms.Decode(der);
        cms.CheckSignature(verifySignatureOnly: true);
        var signerInfo = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal("2.16.840.1.101.3.4.2.1", signerInfo.DigestAlgorithm.Value);
        Assert.Equal(certificate.Thumbprint, Assert.Single(cms.Certificates).Thumbprint);
        var signingTime = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.5").Values[0];
        Assert.Equal(TestPki.SigningTime.ToDateTimeUtc(), ((Pkcs9SigningTime)signingTime).SigningTime.ToUniversalTime());
    }

    [Fact]
    public void Certificate_SignerWithPrivateKey_ExposesPublicPartOnly()
    {
        using var signer = new X509CertificateSigner(Pki.EcdsaSigner);

        var certificate = signer.Certificate;

        Assert.False(certificate.HasPrivateKey);
        Assert.Equal(Pki.EcdsaSigner.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void Constructor_CertificateWithoutPrivateKey_Throws()
    {
        var publicOnly = Pki.Root;

        var exception = Assert.Throws<ArgumentException>(() => new X509CertificateSigner(publicOnly));

        Assert.Contains("no private key", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2025, 6, 1, 12, 0, 0, 500)]
    [InlineData(2050, 1, 1, 0, 0, 0, 0)]
    [InlineData(1949, 12, 31, 23, 59, 59, 0)]
    public async Task SignDetachedAsync_SigningTimeCmsCannotCarry_Throws(
        int year, int month, int day, int hour, int minute, int second, int millisecond)
    {
        using var signer = new X509CertificateSigner(Pki.EcdsaSigner);
        var time = Instant.FromUtc(year, month, day, hour, minute, second).PlusNanoseconds(millisecond * 1_000_000L);

        var act = async () => await signer.SignDetachedAsync(Statement, time);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public async Task SignDetachedAsync_AfterDispose_Throws()
    {
        var signer = new X509CertificateSigner(Pki.EcdsaSigner);
        signer.Dispose();

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        await Assert.ThrowsAsync<ObjectDisposedException>(act);
    }

    [Fact]
    public async Task SignDetachedAsync_CancelledToken_Throws()
    {
        using var signer = new X509CertificateSigner(Pki.EcdsaSigner);

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(act);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public async Task FromPfxFile_PasswordProtectedPfx_SignsVerifiably(string algorithm)
    {
        using var folder = new TempFolder();
        var pfx = folder.Write("signer.pfx", SignerByName(algorithm).Export(X509ContentType.Pfx, "correct horse"));
        using var signer = X509CertificateSigner.FromPfxFile(pfx, "correct horse");

        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        Assert.True(VerifierFor().Verify(Statement, signature).IsValid);
    }

    [Fact]
    public void FromPfxFile_WrongPassword_ThrowsCryptographicException()
    {
        using var folder = new TempFolder();
        var pfx = folder.Write("signer.pfx", Pki.EcdsaSigner.Export(X509ContentType.Pfx, "correct horse"));

        var act = () => X509CertificateSigner.FromPfxFile(pfx, "battery staple");

        Assert.ThrowsAny<CryptographicException>(act);
    }

    [Theory]
    [InlineData("rsa", null)]
    [InlineData("rsa", "pem password")]
    [InlineData("ecdsa", null)]
    [InlineData("ecdsa", "pem password")]
    public async Task FromPemFiles_PlainOrEncryptedKey_SignsVerifiably(string algorithm, string? password)
    {
        using var folder = new TempFolder();
        var certificate = SignerByName(algorithm);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
        var keyPem = password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(
                password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        var certificatePath = folder.Write("signer.crt", certificate.ExportCertificatePem());
        var keyPath = folder.Write("signer.key", keyPem);
        using var signer = X509CertificateSigner.FromPemFiles(certificatePath, keyPath, password);

        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        Assert.True(VerifierFor().Verify(Statement, signature).IsValid);
    }

    private static CmsSignatureVerifier VerifierFor() => new(new SignatureTrustPolicy([Pki.Root]));
}
