using ComplianceKit.Pkcs11.Tests.Infrastructure;
using NodaTime;

namespace ComplianceKit.Pkcs11.Tests.Signing;

/// <summary>A wrong PIN, a missing object, a missing certificate, a removed token: each a clear error naming what, never the PIN.</summary>
public sealed class Pkcs11SignerFailureTests
{
    private static readonly Instant SigningTime = Instant.FromUtc(2026, 3, 1, 9, 30);

    [Fact]
    public void Open_WrongPin_PinIncorrectAndThePinIsNotInTheMessage()
    {
        using var token = NewTokenWithRsaKey(out _);
        Environment.SetEnvironmentVariable("CK_TEST_WRONG_PIN", "9999-wrong-pin");
        var options = token.Options("01");
        options.PinEnvironmentVariable = "CK_TEST_WRONG_PIN";

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11SignerError.PinIncorrect, ex.Error);
        Assert.Contains("ComplianceKit Test", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9999-wrong-pin", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoSuchObject_KeyNotFoundNamingWhatIsThere()
    {
        using var token = NewTokenWithRsaKey(out _);
        var options = token.Options("01");
        options.Uri = $"pkcs11:token=ComplianceKit%20Test;object=nobody;id=%42";

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11SignerError.KeyNotFound, ex.Error);
        Assert.Contains("object=nobody id=42", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'signer' (id 01)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Pin, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoSuchToken_TokenNotFoundListingThePresentOnes()
    {
        using var token = NewTokenWithRsaKey(out _);
        var options = token.Options("01");
        options.Uri = "pkcs11:token=Somebody%20Else;id=%01";

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11SignerError.TokenNotFound, ex.Error);
        Assert.Contains("'ComplianceKit Test'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_KeyWithoutCertificate_CertificateNotFound()
    {
        using var token = SoftHsmToken.Create();
        token.GenerateKeyPair("EC:prime256v1", "07", "uncertified");

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(token.Options("07")));

        Assert.Equal(Pkcs11SignerError.CertificateNotFound, ex.Error);
        Assert.Contains("'uncertified' (id 07)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CertificateOfAnotherKeyUnderTheKeysId_CertificateNotFound()
    {
        using var ca = new TokenCertificateAuthority();
        using var token = SoftHsmToken.Create();
        var other = token.GenerateKeyPair("EC:prime256v1", "08", "other");
        token.GenerateKeyPair("EC:prime256v1", "09", "mine");
        token.WriteCertificate(ca.Issue(other, "CN=Other Key, O=ComplianceKit Tests"), "09", "mine");

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(token.Options("09")));

        Assert.Equal(Pkcs11SignerError.CertificateNotFound, ex.Error);
    }

    [Fact]
    public void Open_MissingModule_ModuleNotLoaded()
    {
        using var token = NewTokenWithRsaKey(out _);
        var options = token.Options("01");
        options.ModulePath = "/nonexistent/libpkcs11.so";

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11SignerError.ModuleNotLoaded, ex.Error);
        Assert.Contains("/nonexistent/libpkcs11.so", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PinVariableUnset_ConfigurationError()
    {
        using var token = NewTokenWithRsaKey(out _);
        var options = token.Options("01");
        options.PinEnvironmentVariable = "CK_TEST_PIN_NEVER_SET";

        var ex = Assert.Throws<Pkcs11SignerException>(() => Pkcs11Signer.Open(options));

        Assert.Equal(Pkcs11SignerError.Configuration, ex.Error);
        Assert.Contains("CK_TEST_PIN_NEVER_SET", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDetached_TokenDirectoryRemovedAfterOpening_TokenRemovedAndNothingSigned()
    {
        using var token = NewTokenWithRsaKey(out _);
        using var signer = Pkcs11Signer.Open(token.Options("01"));
        await signer.SignDetachedAsync("before"u8.ToArray(), SigningTime);

        token.RemoveTokenDirectory();
        var ex = await Assert.ThrowsAsync<Pkcs11SignerException>(async () => await signer.SignDetachedAsync("after"u8.ToArray(), SigningTime));

        Assert.True(ex.Error == Pkcs11SignerError.TokenRemoved, ex.ToString());
        Assert.DoesNotContain(token.Pin, ex.ToString(), StringComparison.Ordinal);
    }

    private static SoftHsmToken NewTokenWithRsaKey(out TokenCertificateAuthority ca)
    {
        ca = new TokenCertificateAuthority();
        var token = SoftHsmToken.Create();
        token.WriteCertificate(ca.Issue(token.GenerateKeyPair("rsa:2048", "01", "signer"), "CN=Sam Signer, O=ComplianceKit Tests"), "01", "signer");
        ca.Dispose();
        return token;
    }
}
