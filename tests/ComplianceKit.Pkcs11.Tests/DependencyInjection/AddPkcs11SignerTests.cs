using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Pkcs11.Tests.DependencyInjection;

/// <summary>One line registers a token signer as the host's ICmsSigner; named registrations keep several keys apart.</summary>
public sealed class AddPkcs11SignerTests(TokenFixture fixture) : IClassFixture<TokenFixture>
{
    [Fact]
    public async Task AddPkcs11Signer_Unnamed_ResolvesAsICmsSignerWithTheTokensCertificate()
    {
        fixture.Token.Activate();
        var configured = fixture.Token.Options(TokenFixture.EcId);
        var services = new ServiceCollection();

        services.AddComplianceKit(o => o.Organization = "ComplianceKit Tests");
        services.AddPkcs11Signer(o =>
        {
            o.Uri = configured.Uri;
            o.ModulePath = configured.ModulePath;
            o.PinEnvironmentVariable = configured.PinEnvironmentVariable;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var signer = provider.GetRequiredService<ICmsSigner>();

            Assert.IsType<Pkcs11Signer>(signer);
            Assert.Same(signer, provider.GetRequiredService<Pkcs11Signer>());
            Assert.Equal(fixture.EcCertificate.RawData, signer.Certificate.RawData);
        }
    }

    [Fact]
    public async Task AddPkcs11Signer_Named_EachNameItsOwnKey()
    {
        fixture.Token.Activate();
        var rsa = fixture.Token.Options(TokenFixture.RsaId);
        var ec = fixture.Token.Options(TokenFixture.EcId);
        var services = new ServiceCollection();

        services.AddComplianceKit();
        services.AddPkcs11Signer("officer", o => (o.Uri, o.ModulePath, o.PinEnvironmentVariable) = (rsa.Uri, rsa.ModulePath, rsa.PinEnvironmentVariable))
            .AddPkcs11Signer("organisation", o => (o.Uri, o.ModulePath, o.PinEnvironmentVariable) = (ec.Uri, ec.ModulePath, ec.PinEnvironmentVariable));
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(fixture.RsaCertificate.RawData, provider.GetRequiredKeyedService<ICmsSigner>("officer").Certificate.RawData);
        Assert.Equal(fixture.EcCertificate.RawData, provider.GetRequiredKeyedService<ICmsSigner>("organisation").Certificate.RawData);
    }
}
