using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

public sealed class CmsSignatureVerifierTests
{
    private static readonly Lazy<CmsSignatureVerifier> SharedVerifier = new(() => new CmsSignatureVerifier(Pki.NewPolicy()));

    private static TestPki Pki => TestPki.Instance;

    private static CmsSignatureVerifier Verifier => SharedVerifier.Value;

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Verify_SignedStatement_IsValidWithSignerTimeAndChain(string algorithm)
    {
        var signer = SignerByName(algorithm);
        var signature = Sign(signer, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(signer.Thumbprint, result.SignerCertificate!.Thumbprint);
        Assert.Equal(TestPki.SigningTime, result.SigningTime);
        Assert.Equal([signer.Thumbprint, Pki.Root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
        Assert.Contains(signer.Subject, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Verify_StatementChangedAfterSigning_ContentMismatch(string algorithm)
    {
        var signature = Sign(SignerByName(algorithm), Statement);

        var result = Verifier.Verify(Changed(Statement), signature);

        Assert.Equal(SignatureVerificationStatus.ContentMismatch, result.Status);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Verify_SignatureValueByteFlipped_SignatureInvalid(string algorithm)
    {
        var forged = FlipSignatureByte(Statement, Sign(SignerByName(algorithm), Statement));

        var result = Verifier.Verify(Statement, forged);

        Assert.Equal(SignatureVerificationStatus.SignatureInvalid, result.Status);
    }

    [Fact]
    public void Verify_SignerFromAnotherCa_UntrustedChain()
    {
        var signature = Sign(Pki.ForeignSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.UntrustedChain, result.Status);
        Assert.Contains("Frances Foreign", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerUnderAnImpostorNamedLikeTheRoot_UntrustedChain()
    {
        using var impostorRoot = TestCertificateAuthority.CreateRoot(new FakeClock(TestPki.SigningTime), Pki.Root.Subject, TestKeyType.EcdsaP256);
        using var impostor = impostorRoot.IssueSigner("CN=Casey Officer, T=Compliance Officer");
        var signature = Sign(impostor, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.UntrustedChain, result.Status);
    }

    [Fact]
    public void Verify_SignerExpiredAtSigningTime_NotValidAtSigningTime()
    {
        var signature = Sign(Pki.ExpiredSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, result.Status);
        Assert.Contains("Eddie Expired", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerNotYetValidAtSigningTime_NotValidAtSigningTime()
    {
        var signature = Sign(Pki.NotYetValidSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, result.Status);
    }

    [Fact]
    public void Verify_SameCertificateAtDifferentSigningTimes_JudgesEachSigningTime()
    {
        var whileValid = Instant.FromUtc(2020, 6, 1, 9, 30);
        var signedWhileValid = Sign(Pki.ExpiredSigner, Statement, whileValid);
        var signedAfterExpiry = Sign(Pki.ExpiredSigner, Statement, TestPki.SigningTime);

        var first = Verifier.Verify(Statement, signedWhileValid);
        var second = Verifier.Verify(Statement, signedAfterExpiry);
        var third = Verifier.Verify(Statement, signedWhileValid);

        Assert.Equal(SignatureVerificationStatus.Valid, first.Status);
        Assert.Equal(SignatureVerificationStatus.NotValidAtSigningTime, second.Status);
        Assert.Equal(SignatureVerificationStatus.Valid, third.Status);
        Assert.Equal(whileValid, third.SigningTime);
    }

    [Fact]
    public void Verify_SignerWithoutDigitalSignatureUsage_KeyUsageMissing()
    {
        var signature = Sign(Pki.NoDigitalSignatureSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.KeyUsageMissing, result.Status);
        Assert.Contains("KeyEncipherment", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerWithoutKeyUsageExtension_KeyUsageMissing()
    {
        var signature = Sign(Pki.NoKeyUsageSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.KeyUsageMissing, result.Status);
    }

    [Fact]
    public void Verify_SignerWithNonRepudiationOnly_IsValid()
    {
        var signature = Sign(Pki.NonRepudiationOnlySigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SignerRevokedBeforeSigningTime_Revoked()
    {
        var signature = Sign(Pki.RevokedSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Revoked, result.Status);
        Assert.Contains("Rhys Revoked", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerRevokedAfterSigningTime_IsValid()
    {
        var signature = Sign(Pki.RevokedLaterSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_SignerRevokedByIntermediateCrlAtTheSigningTime_Revoked()
    {
        var signature = Sign(Pki.IntermediateRevokedSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Revoked, result.Status);
    }

    [Fact]
    public void Verify_RevokedSignerWithoutCrlInPolicy_IsValid()
    {
        var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([Pki.Root]));
        var signature = Sign(Pki.RevokedSigner, Statement);

        var result = verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_CrlSuppliedAsPem_Revoked()
    {
        var policy = new SignatureTrustPolicy([Pki.Root]);
        policy.CertificateRevocationLists.Add(Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", Pki.RootCrl)));
        var verifier = new CmsSignatureVerifier(policy);
        var signature = Sign(Pki.RevokedSigner, Statement);

        var result = verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Revoked, result.Status);
    }

    [Fact]
    public void Verify_CrlSuppliedAsFile_Revoked()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Pki.RootCrl);
            var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([Pki.Root]).AddCertificateRevocationListFile(path));
            var signature = Sign(Pki.RevokedSigner, Statement);

            var result = verifier.Verify(Statement, signature);

            Assert.Equal(SignatureVerificationStatus.Revoked, result.Status);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Constructor_CrlSignedByWrongKey_RejectsThePolicy()
    {
        var policy = new SignatureTrustPolicy([Pki.Root]);
        policy.CertificateRevocationLists.Add(Pki.CrlSignedByWrongKey);

        var exception = Assert.Throws<ArgumentException>(() => new CmsSignatureVerifier(policy));

        Assert.Contains("CRL #0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ComplianceKit Test Root CA", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CrlFromCaOutsideThePolicy_RejectsThePolicy()
    {
        var policy = new SignatureTrustPolicy([Pki.OtherRoot]);
        policy.CertificateRevocationLists.Add(Pki.RootCrl);

        var exception = Assert.Throws<ArgumentException>(() => new CmsSignatureVerifier(policy));

        Assert.Contains("not signed by", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_GarbageCrl_RejectsThePolicy()
    {
        var policy = new SignatureTrustPolicy([Pki.Root]);
        policy.CertificateRevocationLists.Add([0x30, 0x03, 0x02, 0x01, 0x01]);

        var exception = Assert.Throws<ArgumentException>(() => new CmsSignatureVerifier(policy));

        Assert.Contains("CRL #0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerUnderIntermediate_IsValidWithThreeCertificateChain()
    {
        var signature = Sign(Pki.IntermediateSigner, Statement);

        var result = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.Equal(
            [Pki.IntermediateSigner.Thumbprint, Pki.Intermediate.Thumbprint, Pki.Root.Thumbprint],
            result.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Verify_SignerUnderIntermediateMissingFromPolicy_UntrustedChain()
    {
        var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([Pki.Root]));
        var signature = Sign(Pki.IntermediateSigner, Statement);

        var result = verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.UntrustedChain, result.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3003020101")]
    [InlineData("308000")]
    [InlineData("not a signature at all")]
    public void Verify_MalformedBytes_MalformedWithoutThrowing(string hexOrText)
    {
        var bytes = hexOrText.All(Uri.IsHexDigit) ? Convert.FromHexString(hexOrText) : Encoding.UTF8.GetBytes(hexOrText);

        var result = Verifier.Verify(Statement, bytes);

        Assert.Equal(SignatureVerificationStatus.Malformed, result.Status);
        Assert.Null(result.SignerCertificate);
    }

    [Fact]
    public void Verify_TruncatedSignature_Malformed()
    {
        var signature = Sign(Pki.EcdsaSigner, Statement);

        var result = Verifier.Verify(Statement, signature[..(signature.Length / 2)]);

        Assert.Equal(SignatureVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_CertificateInsteadOfSignature_Malformed()
    {
        var result = Verifier.Verify(Statement, Pki.Root.RawData);

        Assert.Equal(SignatureVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_SignerCertificateNotEmbedded_Malformed()
    {
        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Pki.EcdsaSigner)
        {
            IncludeOption = X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TestPki.SigningTime.ToDateTimeUtc()));
        cms.ComputeSignature(signer);

        var result = Verifier.Verify(Statement, cms.Encode());

        Assert.Equal(SignatureVerificationStatus.Malformed, result.Status);
        Assert.Contains("certificate is not included", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoSigners_UnexpectedSignerCount()
    {
        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        foreach (var certificate in new[] { Pki.RsaSigner, Pki.EcdsaSigner })
        {
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate);
            signer.SignedAttributes.Add(new Pkcs9SigningTime(TestPki.SigningTime.ToDateTimeUtc()));
            cms.ComputeSignature(signer);
        }

        var result = Verifier.Verify(Statement, cms.Encode());

        Assert.Equal(SignatureVerificationStatus.UnexpectedSignerCount, result.Status);
        Assert.Contains("2 signers", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoSigningTimeAttribute_MissingSigningTime()
    {
        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Pki.EcdsaSigner));

        var result = Verifier.Verify(Statement, cms.Encode());

        Assert.Equal(SignatureVerificationStatus.MissingSigningTime, result.Status);
        Assert.Null(result.SigningTime);
    }

    [Fact]
    public void Verify_Sha1Digest_UnsupportedAlgorithm()
    {
        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Pki.EcdsaSigner)
        {
            DigestAlgorithm = new Oid("1.3.14.3.2.26"),
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TestPki.SigningTime.ToDateTimeUtc()));
        cms.ComputeSignature(signer);

        var result = Verifier.Verify(Statement, cms.Encode());

        Assert.Equal(SignatureVerificationStatus.UnsupportedAlgorithm, result.Status);
    }

    [Fact]
    public void Verify_Sha384Digest_IsValid()
    {
        var cms = new SignedCms(new ContentInfo(Statement), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Pki.EcdsaSigner)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.2"),
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TestPki.SigningTime.ToDateTimeUtc()));
        cms.ComputeSignature(signer);

        var result = Verifier.Verify(Statement, cms.Encode());

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_ManyThreadsSharingOneVerifier_AllValid()
    {
        var verifier = new CmsSignatureVerifier(Pki.NewPolicy());
        var signatures = new[] { Sign(Pki.RsaSigner, Statement), Sign(Pki.EcdsaSigner, Statement), Sign(Pki.IntermediateSigner, Statement) };
        var statuses = new SignatureVerificationStatus[300];

        Parallel.For(0, statuses.Length, i => statuses[i] = verifier.Verify(Statement, signatures[i % signatures.Length]).Status);

        Assert.All(statuses, s => Assert.Equal(SignatureVerificationStatus.Valid, s));
    }

    [Fact]
    public void Verify_ChainOfResult_IsOwnedByTheResult()
    {
        var signature = Sign(Pki.EcdsaSigner, Statement);
        var first = Verifier.Verify(Statement, signature);
        foreach (var certificate in first.Chain)
        {
            certificate.Dispose();
        }

        var second = Verifier.Verify(Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, second.Status);
        Assert.Equal(Pki.Root.Thumbprint, second.Chain[^1].Thumbprint);
    }

    [Fact]
    public void VerifyOrThrow_ValidSignature_ReturnsValidResult()
    {
        var signature = Sign(Pki.RsaSigner, Statement);

        var result = Verifier.VerifyOrThrow(Statement, signature);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void VerifyOrThrow_ChangedStatement_ThrowsWithStatusAndResult()
    {
        var signature = Sign(Pki.RsaSigner, Statement);

        var exception = Assert.Throws<SignatureVerificationException>(() => Verifier.VerifyOrThrow(Changed(Statement), signature));

        Assert.Equal(SignatureVerificationStatus.ContentMismatch, exception.Status);
        Assert.Equal(SignatureVerificationStatus.ContentMismatch, exception.Result.Status);
        Assert.StartsWith("ContentMismatch:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureVerificationStatus_Values_AreOrderedFromValidToMostSevere()
    {
        SignatureVerificationStatus[] leastToMostSevere =
        [
            SignatureVerificationStatus.Valid,
            SignatureVerificationStatus.SigningTimeOutsideTolerance,
            SignatureVerificationStatus.KeyUsageMissing,
            SignatureVerificationStatus.SignerCertificateUnsuitable,
            SignatureVerificationStatus.NotValidAtSigningTime,
            SignatureVerificationStatus.Revoked,
            SignatureVerificationStatus.UntrustedChain,
            SignatureVerificationStatus.TimestampRejected,
            SignatureVerificationStatus.MissingSigningTime,
            SignatureVerificationStatus.SignatureInvalid,
            SignatureVerificationStatus.ContentMismatch,
            SignatureVerificationStatus.UnsupportedAlgorithm,
            SignatureVerificationStatus.UnexpectedSignerCount,
            SignatureVerificationStatus.Malformed,
        ];

        var sorted = Enum.GetValues<SignatureVerificationStatus>().Order();

        Assert.Equal(leastToMostSevere, sorted);
    }
}
