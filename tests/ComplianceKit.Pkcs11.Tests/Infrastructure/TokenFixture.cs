using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Pkcs11.Tests.Infrastructure;

/// <summary>
/// One SoftHSM2 token per test class: an RSA-2048 key pair (id 01, "officer-rsa") and an ECDSA P-256 key pair
/// (id 02, "officer-ec") generated on the token, each with a certificate from <see cref="Ca"/> written next to it.
/// </summary>
public sealed class TokenFixture : IDisposable
{
    public const string RsaId = "01";
    public const string EcId = "02";

    public TokenFixture()
    {
        Ca = new TokenCertificateAuthority();
        Token = SoftHsmToken.Create();
        RsaCertificate = Ca.Issue(Token.GenerateKeyPair("rsa:2048", RsaId, "officer-rsa"), "CN=Riley Rsa, O=ComplianceKit Tests, T=Compliance Officer");
        Token.WriteCertificate(RsaCertificate, RsaId, "officer-rsa");
        EcCertificate = Ca.Issue(Token.GenerateKeyPair("EC:prime256v1", EcId, "officer-ec"), "CN=Erin Ec, O=ComplianceKit Tests, T=Release Manager");
        Token.WriteCertificate(EcCertificate, EcId, "officer-ec");
    }

    internal TokenCertificateAuthority Ca { get; }

    internal SoftHsmToken Token { get; }

    public X509Certificate2 RsaCertificate { get; }

    public X509Certificate2 EcCertificate { get; }

    /// <summary>Opens a signer for the key with <paramref name="idHex"/>, this token activated first.</summary>
    public Pkcs11Signer Open(string idHex)
    {
        Token.Activate();
        return Pkcs11Signer.Open(Token.Options(idHex));
    }

    public void Dispose()
    {
        Token.Dispose();
        Ca.Dispose();
    }
}
