using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

/// <summary>Auditors must be able to verify our signatures with OpenSSL alone, and we must accept OpenSSL's.</summary>
public sealed class OpenSslInteropTests
{
    private static TestPki Pki => TestPki.Instance;

    [Theory]
    [InlineData("rsa", "x509")]
    [InlineData("ecdsa", "x509")]
    [InlineData("rsa", "digest")]
    [InlineData("ecdsa", "digest")]
    [InlineData("ecdsa", "digest-p1363")]
    public async Task OpenSslCmsVerify_OurSignature_ExitsZero(string algorithm, string implementation)
    {
        using var openSsl = new OpenSslCli();
        var signature = await SignAsync(algorithm, implementation);

        var (exitCode, output) = openSsl.VerifyDetached(Statement, signature, Pki.Root);

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("rsa", "x509")]
    [InlineData("ecdsa", "x509")]
    [InlineData("rsa", "digest")]
    [InlineData("ecdsa", "digest")]
    public async Task OpenSslCmsVerify_ChangedStatement_ExitsNonZero(string algorithm, string implementation)
    {
        using var openSsl = new OpenSslCli();
        var signature = await SignAsync(algorithm, implementation);

        var (exitCode, output) = openSsl.VerifyDetached(Changed(Statement), signature, Pki.Root);

        Assert.True(exitCode != 0, output);
        Assert.True(output.Contains("Verification failure", StringComparison.OrdinalIgnoreCase), output);
    }

    [Fact]
    public async Task OpenSslCmsVerify_SignerFromAnotherCa_ExitsNonZero()
    {
        using var openSsl = new OpenSslCli();
        using var signer = new X509CertificateSigner(Pki.ForeignSigner);
        var signature = await signer.SignDetachedAsync(Statement, TestPki.SigningTime);

        var (exitCode, output) = openSsl.VerifyDetached(Statement, signature, Pki.Root);

        Assert.True(exitCode != 0, output);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Verify_SignatureMadeByOpenSsl_IsValid(string algorithm)
    {
        using var openSsl = new OpenSslCli();
        var certificate = SignerByName(algorithm);
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
        openSsl.Write("statement.bin", Statement);
        openSsl.Write("signer.pem", certificate.ExportCertificatePem());
        openSsl.Write("signer.key", key.ExportPkcs8PrivateKeyPem());
        var (exitCode, output) = openSsl.Run(
            "cms", "-sign", "-binary", "-md", "sha256", "-in", "statement.bin", "-signer", "signer.pem",
            "-inkey", "signer.key", "-outform", "DER", "-out", "sig.p7s");
        Assert.True(exitCode == 0, output);
        var signature = File.ReadAllBytes(Path.Combine(openSsl.Folder, "sig.p7s"));

        var result = new CmsSignatureVerifier(Pki.NewPolicy()).Verify(Statement, signature);

        Assert.True(result.IsValid, result.ToString());
        Assert.NotNull(result.SigningTime);
    }

    private static async Task<byte[]> SignAsync(string algorithm, string implementation)
    {
        var certificate = SignerByName(algorithm);
        ICmsSigner signer = implementation switch
        {
            "x509" => new X509CertificateSigner(certificate),
            "digest" => new LocalKeyDigestSigner(certificate),
            "digest-p1363" => new LocalKeyDigestSigner(certificate, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new ArgumentOutOfRangeException(nameof(implementation)),
        };
        try
        {
            return await signer.SignDetachedAsync(Statement, TestPki.SigningTime);
        }
        finally
        {
            (signer as IDisposable)?.Dispose();
        }
    }
}
