using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

/// <summary>The one signer-certificate rule: no CA certificates, no keys below RSA-2048 / ECDSA P-256, at signing and at verification.</summary>
public sealed class SignerCertificatePolicyTests
{
    private static TestPki Pki => TestPki.Instance;

    [Fact]
    public void Check_CaCertificate_CertificateAuthority()
    {
        var check = SignerCertificatePolicy.Check(Pki.CaSigner);

        Assert.Equal(SignerCertificateProblem.CertificateAuthority, check.Problem);
        Assert.False(check.IsAcceptable);
        Assert.Contains("CN=Carl CaCertificate", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Rsa1024_RsaKeyTooSmall()
    {
        using var certificate = Pki.Authority.Issue("CN=Old Desktop Cert", new TestCertificateProfile { KeyType = TestKeyType.Rsa1024 });

        var check = SignerCertificatePolicy.Check(certificate);

        Assert.Equal(SignerCertificateProblem.RsaKeyTooSmall, check.Problem);
        Assert.Contains("RSA-1024", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EcdsaP256_Acceptable()
    {
        var check = SignerCertificatePolicy.Check(Pki.EcdsaSigner);

        Assert.Equal(SignerCertificateProblem.None, check.Problem);
        Assert.True(check.IsAcceptable);
    }

    [Fact]
    public void Check_Rsa2048_Acceptable()
    {
        var check = SignerCertificatePolicy.Check(Pki.RsaSigner);

        Assert.Equal(SignerCertificateProblem.None, check.Problem);
    }

    [Fact]
    public void Check_EcdsaP224_EcdsaKeyTooSmall()
    {
        using var certificate = Pki.Authority.Issue("CN=Small Curve", new TestCertificateProfile { KeyType = TestKeyType.EcdsaP224 });

        var check = SignerCertificatePolicy.Check(certificate);

        Assert.Equal(SignerCertificateProblem.EcdsaKeyTooSmall, check.Problem);
    }

    [Fact]
    public void X509CertificateSigner_CaCertificate_RefusedAtConstruction()
    {
        var exception = Assert.Throws<SignerCertificateRejectedException>(() => new X509CertificateSigner(Pki.CaSigner));

        Assert.Equal(SignerCertificateProblem.CertificateAuthority, exception.Check.Problem);
    }

    [Fact]
    public void X509CertificateSigner_Rsa1024_RefusedAtConstruction()
    {
        using var certificate = Pki.Authority.Issue("CN=Old Desktop Cert", new TestCertificateProfile { KeyType = TestKeyType.Rsa1024 });

        var exception = Assert.Throws<SignerCertificateRejectedException>(() => new X509CertificateSigner(certificate));

        Assert.Equal(SignerCertificateProblem.RsaKeyTooSmall, exception.Check.Problem);
    }

    [Fact]
    public async Task CmsDigestSigner_CaCertificate_RefusedBeforeTheKeyIsAsked()
    {
        var signer = new LocalKeyDigestSigner(Pki.CaSigner);

        var exception = await Assert.ThrowsAsync<SignerCertificateRejectedException>(() => signer.SignDetachedAsync(Statement, TestPki.SigningTime).AsTask());

        Assert.Equal(SignerCertificateProblem.CertificateAuthority, exception.Check.Problem);
        Assert.Equal(0, signer.Calls);
    }

    [Fact]
    public void Verify_SignedByCaCertificateChainingToTheAnchor_SignerCertificateUnsuitable()
    {
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());

        var result = verifier.Verify(Statement, SignBypassingThePolicy(Pki.CaSigner, Statement));

        Assert.Equal(SignatureVerificationStatus.SignerCertificateUnsuitable, result.Status);
        Assert.True(result.IsTrustProblem);
        Assert.Contains("CA certificate", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedByRsa1024ChainingToTheAnchor_SignerCertificateUnsuitable()
    {
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());

        var result = verifier.Verify(Statement, SignBypassingThePolicy(Pki.WeakRsaSigner, Statement));

        Assert.Equal(SignatureVerificationStatus.SignerCertificateUnsuitable, result.Status);
        Assert.Contains("RSA-1024", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckCertificate_CaCertificate_SameStatusAsVerify()
    {
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());

        var result = verifier.CheckCertificate(Pki.CaSigner, TestPki.SigningTime);

        Assert.Equal(SignatureVerificationStatus.SignerCertificateUnsuitable, result.Status);
    }

    [Fact]
    public void CheckCertificate_GoodSigner_Valid()
    {
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());

        var result = verifier.CheckCertificate(Pki.EcdsaSigner, TestPki.SigningTime);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void CheckCertificateWithoutChain_EachCertificateProblem_SameStatusAsVerify()
    {
        Assert.Equal(SignatureVerificationStatus.SignerCertificateUnsuitable, CmsSignatureVerifier.CheckCertificateWithoutChain(Pki.CaSigner, TestPki.SigningTime).Status);
        Assert.Equal(SignatureVerificationStatus.KeyUsageMissing, CmsSignatureVerifier.CheckCertificateWithoutChain(Pki.NoDigitalSignatureSigner, TestPki.SigningTime).Status);
        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, CmsSignatureVerifier.CheckCertificateWithoutChain(Pki.ExpiredSigner, TestPki.SigningTime).Status);
        Assert.Equal(SignatureVerificationStatus.Valid, CmsSignatureVerifier.CheckCertificateWithoutChain(Pki.ForeignSigner, TestPki.SigningTime).Status);
    }

    /// <summary>Signs with .NET's CMS directly, as a foreign tool would, so the verifier alone must refuse the signer.</summary>
    private static byte[] SignBypassingThePolicy(X509Certificate2 signerWithKey, byte[] content)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signerWithKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TestPki.SigningTime.ToDateTimeUtc()));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
