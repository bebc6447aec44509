using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Net.Pkcs11Interop.Common;
using NodaTime;

namespace ComplianceKit.Pkcs11.Tests.Signing;

/// <summary>Signatures made on a SoftHSM2 token verify with our verifier and with OpenSSL, for RSA and ECDSA P-256 keys.</summary>
public sealed class Pkcs11SignerTests(TokenFixture fixture) : IClassFixture<TokenFixture>
{
    private static readonly Instant SigningTime = Instant.FromUtc(2026, 3, 1, 9, 30);
    private static readonly byte[] Statement = "{\"type\":\"compliancekit.approval/v1\"}"u8.ToArray();

    [Theory]
    [InlineData(TokenFixture.RsaId)]
    [InlineData(TokenFixture.EcId)]
    public async Task SignDetached_KeyOnToken_VerifiesWithOurVerifierAndOpenSsl(string id)
    {
        using var signer = fixture.Open(id);

        var signature = await signer.SignDetachedAsync(Statement, SigningTime);

        var result = new CmsSignatureVerifier(new SignatureTrustPolicy([fixture.Ca.Certificate])).Verify(Statement, signature);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(SigningTime, result.SigningTime);
        using var openssl = new OpenSslCli();
        var (exit, output) = openssl.VerifyDetached(Statement, signature, fixture.Ca.Certificate);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Open_Certificate_IsTheOneOnTheTokenForTheKey()
    {
        using var rsa = fixture.Open(TokenFixture.RsaId);
        using var ec = fixture.Open(TokenFixture.EcId);

        Assert.Equal(fixture.RsaCertificate.RawData, rsa.Certificate.RawData);
        Assert.Equal(fixture.EcCertificate.RawData, ec.Certificate.RawData);
        Assert.False(rsa.Certificate.HasPrivateKey);
        Assert.Contains("officer-ec", ec.KeyDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDetached_EcKey_SignatureValueIsDerEcdsaSigValue()
    {
        using var signer = fixture.Open(TokenFixture.EcId);

        var signature = await signer.SignDetachedAsync(Statement, SigningTime);

        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        cms.Decode(signature);
        var value = cms.SignerInfos[0].GetSignature();
        var reader = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        reader.ReadInteger();
        reader.ReadInteger();
        Assert.False(reader.HasData);
        Assert.Equal("1.2.840.10045.4.3.2", cms.SignerInfos[0].SignatureAlgorithm.Value);
    }

    [Fact]
    public async Task SignDetached_ManyAtOnce_EverySignatureVerifies()
    {
        using var rsa = fixture.Open(TokenFixture.RsaId);
        using var ec = fixture.Open(TokenFixture.EcId);
        var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([fixture.Ca.Certificate]));

        var signatures = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(async () =>
        {
            var content = System.Text.Encoding.UTF8.GetBytes($"statement {i}");
            return (content, await (i % 2 == 0 ? rsa : ec).SignDetachedAsync(content, SigningTime));
        })));

        Assert.All(signatures, s => Assert.True(verifier.Verify(s.content, s.Item2).IsValid));
    }

    [Fact]
    public async Task Dispose_OneOfTwoSignersOnTheModule_TheOtherStillSigns()
    {
        var first = fixture.Open(TokenFixture.RsaId);
        using var second = fixture.Open(TokenFixture.EcId);

        first.Dispose();
        var signature = await second.SignDetachedAsync(Statement, SigningTime);

        Assert.True(new CmsSignatureVerifier(new SignatureTrustPolicy([fixture.Ca.Certificate])).Verify(Statement, signature).IsValid);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await first.SignDetachedAsync(Statement, SigningTime));
    }

    [Fact]
    public async Task SignDetached_SessionsClosedUnderneath_ReconnectsAndSigns()
    {
        using var signer = fixture.Open(TokenFixture.RsaId);
        var module = Pkcs11Module.Acquire(SoftHsmToken.ModulePath);
        try
        {
            foreach (var slot in module.Library.GetSlotList(SlotsType.WithTokenPresent))
            {
                slot.CloseAllSessions(); // what a reader reset does: every session gone, the login with them
            }
        }
        finally
        {
            module.Release();
        }

        var signature = await signer.SignDetachedAsync(Statement, SigningTime);

        Assert.True(new CmsSignatureVerifier(new SignatureTrustPolicy([fixture.Ca.Certificate])).Verify(Statement, signature).IsValid);
    }
}
