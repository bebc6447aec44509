using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ComplianceKit.Signing;
using CsCheck;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

public sealed class CmsDigestSignerTests
{
    private static TestPki Pki => TestPki.Instance;

    [Theory]
    [InlineData("rsa", DSASignatureFormat.Rfc3279DerSequence)]
    [InlineData("ecdsa", DSASignatureFormat.Rfc3279DerSequence)]
    [InlineData("ecdsa", DSASignatureFormat.IeeeP1363FixedFieldConcatenation)]
    public async Task SignDetachedAsync_KmsStandIn_VerifiesAsValidWithOneDigestCall(string algorithm, DSASignatureFormat format)
    {
        var signer = new LocalKeyDigestSigner(SignerByName(algorithm), format);

        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var result = new CmsSignatureVerifier(Pki.NewPolicy()).Verify(Statement, signature);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(TestPki.SigningTime, result.SigningTime);
        Assert.Equal(1, signer.Calls);
    }

    [Fact]
    public async Task SignDetachedAsync_KmsStandIn_DecodesWithSignedCmsAsDetachedSingleSigner()
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner);

        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Single(cms.SignerInfos);
        Assert.Equal(Pki.EcdsaSigner.Thumbprint, Assert.Single(cms.Certificates).Thumbprint);
    }

    [Fact]
    public async Task SignDetachedAsync_KeyDoesNotBelongToCertificate_ThrowsBeforeReturningASignature()
    {
        var signer = new LocalKeyDigestSigner(Pki.RevokedSigner, presentedCertificate: Pki.EcdsaSigner);

        var act = async () => await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var exception = await Assert.ThrowsAsync<CryptographicException>(act);
        Assert.Contains("does not verify", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignDetachedAsync_AnyContent_VerifiesAndDetectsAnyChangedByte()
    {
        var signer = new LocalKeyDigestSigner(Pki.EcdsaSigner);
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());
        var contentAndFlip = Gen.Byte.Array[1, 300].SelectMany(c => Gen.Int[0, c.Length - 1].Select(i => (c, i)));

        contentAndFlip.Sample(
            sample =>
            {
                var (content, index) = sample;
                var signature = signer.SignDetachedAsync(content, TestPki.SigningTime).AsTask().GetAwaiter().GetResult();
                var changed = (byte[])content.Clone();
                changed[index] ^= 0x80;

                Assert.Equal(SignatureVerificationStatus.Valid, verifier.Verify(content, signature).Status);
                Assert.Equal(SignatureVerificationStatus.ContentMismatch, verifier.Verify(changed, signature).Status);
            },
            iter: 50);
    }
}
