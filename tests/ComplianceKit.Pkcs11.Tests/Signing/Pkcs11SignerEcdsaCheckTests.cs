using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Pkcs11.Tests.Signing;

/// <summary><see cref="Pkcs11SignerOptions.CheckEcdsaSignatures"/>: off by default (the pairing is proven on open), on when asked; either way signatures from the token verify everywhere.</summary>
public sealed class Pkcs11SignerEcdsaCheckTests(TokenFixture fixture) : IClassFixture<TokenFixture>
{
    private static readonly Instant SigningTime = Instant.FromUtc(2026, 3, 1, 9, 30);
    private static readonly byte[] Statement = "{\"type\":\"compliancekit.approval/v1\"}"u8.ToArray();

    [Fact]
    public void Options_CheckEcdsaSignatures_IsOffByDefault()
    {
        Assert.False(new Pkcs11SignerOptions().CheckEcdsaSignatures);
    }

    [Theory]
    [InlineData(TokenFixture.RsaId)]
    [InlineData(TokenFixture.EcId)]
    public async Task SignDetached_EcdsaCheckOn_VerifiesWithOurVerifierAndOpenSsl(string id)
    {
        fixture.Token.Activate();
        var options = fixture.Token.Options(id);
        options.CheckEcdsaSignatures = true;
        using var signer = Pkcs11Signer.Open(options);

        var signature = await signer.SignDetachedAsync(Statement, SigningTime);

        var result = new CmsSignatureVerifier(new SignatureTrustPolicy([fixture.Ca.Certificate])).Verify(Statement, signature);
        Assert.True(result.IsValid, result.Message);
        using var openssl = new OpenSslCli();
        var (exit, output) = openssl.VerifyDetached(Statement, signature, fixture.Ca.Certificate);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Options_ToString_ShowsTheCheckAndNotThePin()
    {
        var options = new Pkcs11SignerOptions { Uri = "pkcs11:token=T;id=%01", Pin = "1234-secret", CheckEcdsaSignatures = true };

        var text = options.ToString();

        Assert.Contains("CheckEcdsaSignatures = True", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1234-secret", text, StringComparison.Ordinal);
    }
}
