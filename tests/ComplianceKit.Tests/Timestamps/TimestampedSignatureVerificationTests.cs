using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>A signature's RFC 3161 token is checked, then the signer is judged at the token's time; every broken token is named.</summary>
public sealed class TimestampedSignatureVerificationTests : IDisposable
{
    private readonly TimestampFixture _f = new();

    [Fact]
    public async Task Verify_ValidToken_JudgedAtTheTimestampsTime()
    {
        _f.TsaClock.Advance(Duration.FromSeconds(30));
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.Equal(SigningTimeBasis.Timestamp, result.TimeBasis);
        Assert.Equal(TimestampFixture.Now + Duration.FromSeconds(30), result.TrustedTime);
        Assert.Equal(TimestampFixture.Now, result.SigningTime);
        Assert.Contains("CN=Test Time-Stamp Authority", result.TimeBasisReason, StringComparison.Ordinal);
        Assert.Equal(TimestampVerificationStatus.Valid, result.Timestamp!.Status);
    }

    [Fact]
    public async Task Verify_BackdatedSignatureByARevokedKey_RevokedAtTheTimestampsTime()
    {
        using var stolen = _f.Organisation.IssueSigner("CN=Stolen Key");
        _f.Organisation.Revoke(stolen, TimestampFixture.Now - Duration.FromDays(2));
        using var thief = new TestSigner(stolen);
        var signer = new ComplianceKit.Timestamps.TimestampingSigner(thief, new ComplianceKit.Timestamps.Rfc3161TimestampClient(_f.Http, _f.Options()));
        var backdated = TimestampFixture.Now - Duration.FromDays(10);
        var signature = await signer.SignDetachedAsync(TimestampFixture.Statement, backdated);

        var withTsa = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);
        var claimedOnly = new CmsSignatureVerifier(_f.Policy(trustTsa: false)).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Revoked, withTsa.Status);
        Assert.Equal(TimestampFixture.Now, withTsa.TrustedTime);
        Assert.Equal(SignatureVerificationStatus.Valid, claimedOnly.Status);
        Assert.Equal(SigningTimeBasis.ClaimedSigningTime, claimedOnly.TimeBasis);
        Assert.Contains("no time-stamping trust anchor is configured", claimedOnly.TimeBasisReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SignerRevokedAfterTheTimestamp_StaysValid()
    {
        using var later = _f.Organisation.IssueSigner("CN=Later Revoked");
        using var signer = new TestSigner(later);
        var signature = await new ComplianceKit.Timestamps.TimestampingSigner(signer, new ComplianceKit.Timestamps.Rfc3161TimestampClient(_f.Http, _f.Options()))
            .SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        _f.Organisation.Revoke(later, TimestampFixture.Now + Duration.FromDays(30));
        _f.Clock.Advance(Duration.FromDays(60));

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.Equal(SigningTimeBasis.Timestamp, result.TimeBasis);
    }

    [Fact]
    public async Task Verify_ClaimedTimeAnHourFromTheTimestamp_SigningTimeOutsideTolerance()
    {
        _f.TsaClock.Advance(Duration.FromHours(1));
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.SigningTimeOutsideTolerance, result.Status);
        Assert.True(result.IsTrustProblem);
        Assert.Equal(SigningTimeBasis.Timestamp, result.TimeBasis);
    }

    [Fact]
    public async Task Verify_TokenOverOtherBytes_ImprintMismatch()
    {
        var signature = await _f.Signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        var token = await TokenOverAsync("not the signature value"u8.ToArray());
        var stamped = SignatureTimestamps.Attach(signature, token);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, stamped);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.Equal(TimestampVerificationStatus.ImprintMismatch, result.Timestamp!.Status);
        Assert.Equal(SigningTimeBasis.ClaimedSigningTime, result.TimeBasis);
    }

    [Fact]
    public async Task Verify_TokenOfAnotherSignature_ImprintMismatch()
    {
        var first = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        var second = await _f.Signer.SignDetachedAsync("another statement"u8.ToArray(), TimestampFixture.Now);
        var moved = SignatureTimestamps.Attach(second, SignatureTimestamps.Find(first)!);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify("another statement"u8.ToArray(), moved);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.Equal(TimestampVerificationStatus.ImprintMismatch, result.Timestamp!.Status);
    }

    [Fact]
    public async Task Verify_TsaFromAnotherRoot_UntrustedAuthority()
    {
        using var rogueRoot = TestCertificateAuthority.CreateRoot(_f.Clock, "CN=Rogue Time Root");
        using var rogue = TestTimestampAuthority.Start(rogueRoot, _f.TsaClock);
        var signature = await _f.TimestampingSigner(_f.Options(rogue.Url)).SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.Equal(TimestampVerificationStatus.UntrustedAuthority, result.Timestamp!.Status);
    }

    [Fact]
    public async Task Verify_TsaCertificateWithoutTimeStampingUsage_TimeStampingUsageMissing()
    {
        using var plain = _f.TsaRoot.IssueSigner("CN=Not A TSA", TestKeyType.Rsa2048);
        var signature = await SignStampedByAsync(plain);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.Equal(TimestampVerificationStatus.TimeStampingUsageMissing, result.Timestamp!.Status);
    }

    [Fact]
    public async Task Verify_TsaCertificateExpiredAtTheTokensTime_AuthorityNotValidAtTime()
    {
        using var expired = _f.TsaRoot.IssueTimeStamping("CN=Expired TSA", validFrom: TimestampFixture.Now - Duration.FromDays(800), validUntil: TimestampFixture.Now - Duration.FromDays(1));
        var signature = await SignStampedByAsync(expired);

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.True(TimestampVerificationStatus.AuthorityNotValidAtTime == result.Timestamp!.Status, result.Timestamp.ToString());
    }

    [Fact]
    public async Task Verify_TokenSignatureByteFlipped_TokenSignatureInvalid()
    {
        var signature = await _f.Signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        var token = await TokenOverAsync(SignatureTimestamps.SignatureValue(signature));
        var cms = new SignedCms();
        cms.Decode(token);
        var tokenSignature = cms.SignerInfos[0].GetSignature();
        var at = token.AsSpan().IndexOf(tokenSignature);
        token[at + tokenSignature.Length - 1] ^= 0x01;

        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, SignatureTimestamps.Attach(signature, token));

        Assert.Equal(SignatureVerificationStatus.TimestampRejected, result.Status);
        Assert.True(TimestampVerificationStatus.TokenSignatureInvalid == result.Timestamp!.Status, result.Timestamp.Message);
    }

    [Fact]
    public async Task Attach_Token_SignatureStillVerifiesWithOpenSsl()
    {
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        using var openssl = new OpenSslCli();

        var (exitCode, output) = openssl.VerifyDetached(TimestampFixture.Statement, signature, _f.Organisation.Certificate);

        Assert.True(exitCode == 0, output);
        Assert.NotNull(SignatureTimestamps.Find(signature));
    }

    [Fact]
    public async Task OpenSsl_ExtractedTokenOverTheSignatureValue_VerificationOk()
    {
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        using var openssl = new OpenSslCli();
        openssl.Write("token.der", SignatureTimestamps.Find(signature)!);
        openssl.Write("signature-value.bin", SignatureTimestamps.SignatureValue(signature));
        openssl.Write("tsa-root.pem", _f.TsaRoot.Certificate.ExportCertificatePem());

        var (exitCode, output) = openssl.Run("ts", "-verify", "-token_in", "-in", "token.der", "-data", "signature-value.bin",
            "-CAfile", "tsa-root.pem", "-attime", TimestampFixture.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification: OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_SecondToken_Refused()
    {
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        Assert.Throws<FormatException>(() => SignatureTimestamps.Attach(signature, SignatureTimestamps.Find(signature)!));
    }

    public void Dispose() => _f.Dispose();

    /// <summary>
    /// A signature stamped by a responder signing with <paramref name="tsaCertificate"/>, without the client (which refuses such
    /// tokens on receipt, as .NET's response processing does): what a verifier meets in a ledger written by another tool.
    /// </summary>
    private async Task<byte[]> SignStampedByAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 tsaCertificate)
    {
        var signature = await _f.Signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);
        using var responder = new TimestampResponder(tsaCertificate, _f.TsaClock);
        var request = Rfc3161TimestampRequest.CreateFromData(SignatureTimestamps.SignatureValue(signature), HashAlgorithmName.SHA256, requestSignerCertificates: true);
        var reply = new System.Formats.Asn1.AsnReader(responder.Respond(request.Encode()), System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        reply.ReadSequence();
        return SignatureTimestamps.Attach(signature, reply.ReadEncodedValue().ToArray());
    }

    private async Task<byte[]> TokenOverAsync(byte[] bytes)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(bytes, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        using var response = await _f.Http.PostAsync(_f.Authority.Url, content);
        return request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(), out _).AsSignedCms().Encode();
    }
}
