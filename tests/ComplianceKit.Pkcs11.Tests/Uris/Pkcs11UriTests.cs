namespace ComplianceKit.Pkcs11.Tests.Uris;

/// <summary>RFC 7512 URIs parse strictly: every attribute read, anything unknown, repeated, malformed or PIN-bearing refused by name.</summary>
public sealed class Pkcs11UriTests
{
    [Fact]
    public void Parse_EveryPathAndQueryAttribute_Read()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=Officer%20Card;manufacturer=SoftHSM%20project;serial=05e7;model=SoftHSM%20v2;" +
            "library-manufacturer=SoftHSM;library-description=Implementation%20of%20PKCS11;library-version=2.6;" +
            "slot-description=Slot%200;slot-manufacturer=Acme;slot-id=1929998366;object=signing%3bkey;type=private;id=%01%ff" +
            "?module-path=/usr/lib/softhsm/libsofthsm2.so&module-name=softhsm2");

        Assert.Equal("Officer Card", uri.Token);
        Assert.Equal("SoftHSM project", uri.Manufacturer);
        Assert.Equal("05e7", uri.Serial);
        Assert.Equal("SoftHSM v2", uri.Model);
        Assert.Equal("SoftHSM", uri.LibraryManufacturer);
        Assert.Equal("Implementation of PKCS11", uri.LibraryDescription);
        Assert.Equal(new Version(2, 6), uri.LibraryVersion);
        Assert.Equal("Slot 0", uri.SlotDescription);
        Assert.Equal("Acme", uri.SlotManufacturer);
        Assert.Equal(1929998366UL, uri.SlotId);
        Assert.Equal("signing;key", uri.ObjectLabel);
        Assert.Equal("private", uri.Type);
        Assert.Equal([0x01, 0xff], uri.Id!.Value.ToArray());
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
        Assert.Equal("softhsm2", uri.ModuleName);
    }

    [Fact]
    public void Parse_OnlyAToken_EverythingElseIsAny()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=Card");

        Assert.Equal("Card", uri.Token);
        Assert.Null(uri.Id);
        Assert.Null(uri.ObjectLabel);
        Assert.Null(uri.SlotId);
        Assert.Null(uri.ModulePath);
        Assert.Equal("pkcs11:token=Card", uri.ToString());
    }

    [Fact]
    public void Parse_LibraryVersionMajorOnly_MinorZero() =>
        Assert.Equal(new Version(3, 0), Pkcs11Uri.Parse("pkcs11:library-version=3").LibraryVersion);

    [Theory]
    [InlineData("token=Card", "starts with 'pkcs11:'")]
    [InlineData("pkcs11:token=Card;color=blue", "'color'")]
    [InlineData("pkcs11:token=Card;x-vendor=1", "'x-vendor'")]
    [InlineData("pkcs11:token=Card;token=Other", "'token' twice")]
    [InlineData("pkcs11:token=Card;;id=%01", "'', which")]
    [InlineData("pkcs11:token", "'token', which is not name=value")]
    [InlineData("pkcs11:id=%0", "'id' has a '%' not followed by two hex digits")]
    [InlineData("pkcs11:id=%zz", "'id' has a '%' not followed by two hex digits")]
    [InlineData("pkcs11:token=My Card", "'token' has the character ' '")]
    [InlineData("pkcs11:object=a/b", "'object' has the character '/'")]
    [InlineData("pkcs11:object=%ff%fe", "'object' is not UTF-8")]
    [InlineData("pkcs11:slot-id=abc", "'slot-id' is not a decimal number")]
    [InlineData("pkcs11:slot-id=-1", "'slot-id' is not a decimal number")]
    [InlineData("pkcs11:library-version=2.6.1", "'library-version' is not M or M.N")]
    [InlineData("pkcs11:library-version=2.300", "'library-version' is not M or M.N")]
    [InlineData("pkcs11:type=public", "type=public")]
    [InlineData("pkcs11:type=secret-key", "type=secret-key")]
    [InlineData("pkcs11:token=Card?module-path=/x.so&module-path=/y.so", "'module-path' twice")]
    [InlineData("pkcs11:token=Card?color=blue", "'color'")]
    public void Parse_Malformed_RefusedNamingTheProblem(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Pkcs11Uri.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkcs11:token=Card?pin-value=123456")]
    [InlineData("pkcs11:token=Card?pin-source=file:/etc/pin")]
    public void Parse_PinInTheUri_RefusedWithoutEchoingIt(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Pkcs11Uri.Parse(text));

        Assert.Contains("PIN", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/pin", ex.Message, StringComparison.Ordinal);
    }
}
