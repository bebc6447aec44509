using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>
/// The token verifier reads tokens itself and keeps what depends only on the authority's certificate: tokens from other
/// encoders and other key types still pass, and a cached certificate never vouches for one that differs from it.
/// </summary>
public sealed class TimestampTokenVerifierTests : IDisposable
{
    private static readonly byte[] SignatureValue = SHA256.HashData("the signature value a token covers"u8);
    private readonly TimestampFixture _f = new();

    [Theory]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    [InlineData(TestKeyType.Rsa3072)]
    public void Verify_TokenFromAuthorityWithThisKey_Valid(TestKeyType keyType)
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Keyed TSA", keyType);
        var token = TokenBy(tsa, SignatureValue);

        var result = Verifier().Verify(token, SignatureValue);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(TimestampFixture.Now, result.Time);
        Assert.Equal(tsa.RawData, result.AuthorityCertificate!.RawData);
    }

    [Fact]
    public void Verify_SameTokenTwice_SameVerdictAndEachResultOwnsItsCertificate()
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Repeat TSA");
        var token = TokenBy(tsa, SignatureValue);
        var verifier = Verifier();

        var first = verifier.Verify(token, SignatureValue);
        first.AuthorityCertificate!.Dispose();
        var second = verifier.Verify(token, SignatureValue);

        Assert.True(first.IsValid, first.ToString());
        Assert.True(second.IsValid, second.ToString());
        Assert.Equal(tsa.RawData, second.AuthorityCertificate!.RawData);
    }

    [Fact]
    public void Verify_EmbeddedCertificateOneByteChangedAfterTheGenuineWasCached_TokenSignatureInvalid()
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Cached TSA");
        var token = TokenBy(tsa, SignatureValue);
        var verifier = Verifier();
        Assert.True(verifier.Verify(token, SignatureValue).IsValid);
        var forged = token.ToArray();
        var at = forged.AsSpan().IndexOf(tsa.RawData);
        forged[at + tsa.RawData.Length - 1] ^= 0x01;

        var result = verifier.Verify(forged, SignatureValue);

        Assert.True(TimestampVerificationStatus.TokenSignatureInvalid == result.Status, result.ToString());
        Assert.Contains("ESS signing-certificate", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CachedAuthorityButTokenOverOtherBytes_ImprintMismatch()
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Cached TSA");
        var verifier = Verifier();
        Assert.True(verifier.Verify(TokenBy(tsa, SignatureValue), SignatureValue).IsValid);

        var result = verifier.Verify(TokenBy(tsa, SignatureValue), SHA256.HashData("another signature value"u8));

        Assert.Equal(TimestampVerificationStatus.ImprintMismatch, result.Status);
    }

    [Fact]
    public void Verify_TstInfoByteChanged_TokenSignatureInvalidBecauseTheDigestNoLongerMatches()
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Digest TSA");
        var token = TokenBy(tsa, SignatureValue);
        var cms = new SignedCms();
        cms.Decode(token);
        var serial = Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out var info, out _) ? info.GetSerialNumber().ToArray() : [];
        var at = token.AsSpan().IndexOf(serial);
        token[at + serial.Length - 1] ^= 0x01;

        var result = Verifier().Verify(token, SignatureValue);

        Assert.True(TimestampVerificationStatus.TokenSignatureInvalid == result.Status, result.ToString());
        Assert.Contains("messageDigest", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TrailingByteAfterTheToken_Malformed()
    {
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=Trailing TSA");
        byte[] token = [.. TokenBy(tsa, SignatureValue), 0x00];

        var result = Verifier().Verify(token, SignatureValue);

        Assert.Equal(TimestampVerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData(TestKeyType.Rsa2048, "sha256")]
    [InlineData(TestKeyType.EcdsaP256, "sha384")]
    public void Verify_TokenMadeByOpenSslTs_Valid(TestKeyType keyType, string digest)
    {
        // OpenSSL stamps with the real time, so this authority is valid for the root's whole life (to 2046).
        using var tsa = _f.TsaRoot.IssueTimeStamping("CN=OpenSSL TSA", keyType,
            validFrom: TimestampFixture.Now - Duration.FromDays(3000), validUntil: TimestampFixture.Now + Duration.FromDays(7000));
        using var openssl = new OpenSslCli();
        openssl.Write("value.bin", SignatureValue);
        openssl.Write("tsa.pem", tsa.ExportCertificatePem());
        openssl.Write("tsa.key", PrivateKeyPem(tsa));
        openssl.Write("tsa.cnf", $"""
            [ tsa ]
            default_tsa = only
            [ only ]
            serial = {openssl.Folder}/serial
            signer_cert = {openssl.Folder}/tsa.pem
            signer_key = {openssl.Folder}/tsa.key
            signer_digest = {digest}
            default_policy = 1.3.6.1.4.1.32473.19.2
            digests = sha256
            ess_cert_id_alg = sha256
            accuracy = secs:1
            """);
        openssl.Write("serial", "01\n");
        Assert.Equal(0, openssl.Run("ts", "-query", "-data", "value.bin", "-sha256", "-cert", "-out", "request.tsq").ExitCode);
        var reply = openssl.Run("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "request.tsq", "-token_out", "-out", "token.der");
        Assert.True(reply.ExitCode == 0, reply.Output);

        var result = Verifier().Verify(File.ReadAllBytes(Path.Combine(openssl.Folder, "token.der")), SignatureValue);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(tsa.RawData, result.AuthorityCertificate!.RawData);
    }

    public void Dispose() => _f.Dispose();

    private TimestampTokenVerifier Verifier() => new([_f.TsaRoot.Certificate]);

    private byte[] TokenBy(X509Certificate2 tsa, byte[] signatureValue)
    {
        using var responder = new TimestampResponder(tsa, _f.TsaClock);
        var request = Rfc3161TimestampRequest.CreateFromData(signatureValue, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        var reply = new AsnReader(responder.Respond(request.Encode()), AsnEncodingRules.DER).ReadSequence();
        reply.ReadSequence();
        return reply.ReadEncodedValue().ToArray();
    }

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        certificate.GetRSAPrivateKey() is { } rsa ? rsa.ExportPkcs8PrivateKeyPem() : certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
}
