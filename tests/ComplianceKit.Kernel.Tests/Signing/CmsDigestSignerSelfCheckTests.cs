using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

/// <summary>What the per-signature work of <see cref="CmsDigestSigner"/> keeps when it is cached or switched off.</summary>
public sealed class CmsDigestSignerSelfCheckTests
{
    private static TestPki Pki => TestPki.Instance;

    [Theory]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence)]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    public async Task SignDetachedAsync_EcdsaCheckOff_SignatureStillVerifies(DSASignatureFormat format)
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner, format, checksEcdsa: false);

        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var result = new CmsSignatureVerifier(Pki.NewPolicy()).Verify(Statement, signature);
        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData(DSASignatureFormat.Rfc3279DerSequence, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(DSASignatureFormat.IeeeP1363FixedFieldConcatenation, new byte[] { 1, 2, 3 })]
    public async Task SignDetachedAsync_EcdsaCheckOffMalformedSignature_Throws(DSASignatureFormat format, byte[] garbage)
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner, format, checksEcdsa: false) { Garbage = garbage };

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var exception = await Assert.ThrowsAsync<CryptographicException>(act);
        Assert.Contains("does not verify", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDetachedAsync_RsaKeyNotTheCertificatesWithEcdsaCheckOff_StillThrows()
    {
        // RSA is always checked: a wrong or faulty RSA signature never leaves the signer.
        using var otherKey = RSA.Create(2048);
        using var other = new CertificateRequest("CN=Another RSA key", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));
        var signer = new LocalKeyDigestSigner(Pki.RsaSigner, presentedCertificate: other, checksEcdsa: false);

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var exception = await Assert.ThrowsAsync<CryptographicException>(act);
        Assert.Contains("does not verify", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDetachedAsync_CertificateReplacedByACaCertificate_RefusedOnTheNextSignature()
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner);
        await signer.SignDetachedAsync(Statement, TestPki.SigningTime);
        signer.Present(Pki.CaSigner);

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var exception = await Assert.ThrowsAsync<SignerCertificateRejectedException>(act);
        Assert.Equal(SignerCertificateProblem.CertificateAuthority, exception.Check.Problem);
        Assert.Equal(1, signer.Calls);
    }

    [Fact]
    public async Task SignDetachedAsync_CertificateReplacedByAnotherKeys_RefusedOnTheNextSignature()
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner);
        await signer.SignDetachedAsync(Statement, TestPki.SigningTime);
        signer.Present(Pki.RevokedSigner);

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var exception = await Assert.ThrowsAsync<CryptographicException>(act);
        Assert.Contains("does not verify", exception.Message, StringComparison.Ordinal);
    }
}
