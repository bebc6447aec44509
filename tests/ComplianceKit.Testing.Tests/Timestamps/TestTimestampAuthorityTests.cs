using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Testing.Tests.Timestamps;

/// <summary>The test TSA is a standard RFC 3161 authority: .NET's request processing and OpenSSL's ts commands accept it.</summary>
public sealed class TestTimestampAuthorityTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 1, 12, 0, 5);
    private static readonly byte[] Data = "signature value bytes"u8.ToArray();
    private readonly FakeClock _clock = new(Now);
    private readonly TestCertificateAuthority _ca;
    private readonly HttpClient _http = new();

    public TestTimestampAuthorityTests() => _ca = TestCertificateAuthority.CreateRoot(_clock, "CN=Acme TSA Root, O=Acme Clinic");

    [Fact]
    public async Task Post_Sha256RequestWithNonce_TokenCarriesImprintNonceAndClockTime()
    {
        using var tsa = TestTimestampAuthority.Start(_ca);
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256, nonce: new byte[] { 0x01, 0x02, 0x03 }, requestSignerCertificates: true);

        var reply = await PostAsync(tsa.Url, request.Encode());
        var token = request.ProcessResponse(reply, out _);

        Assert.Equal(Now.ToDateTimeOffset(), token.TokenInfo.Timestamp);
        Assert.Equal(SHA256.HashData(Data), token.TokenInfo.GetMessageHash().ToArray());
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, token.TokenInfo.GetNonce()!.Value.ToArray());
        Assert.Equal(TimestampResponder.PolicyOid, token.TokenInfo.PolicyId.Value);
        Assert.True(token.VerifySignatureForData(Data, out var signer));
        Assert.Equal(tsa.Certificate.Thumbprint, signer!.Thumbprint);
        Assert.Equal(1, tsa.RequestCount);
    }

    [Fact]
    public async Task OpenSsl_QueryFromOpenSsl_ReplyAndVerifyAccepted()
    {
        using var tsa = TestTimestampAuthority.Start(_ca);
        using var openssl = new OpenSslTool();
        openssl.Write("data.bin", Data);
        openssl.Write("ca.pem", System.Text.Encoding.ASCII.GetBytes(_ca.Certificate.ExportCertificatePem()));
        var query = openssl.Run("ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "req.tsq");
        Assert.True(query.ExitCode == 0, query.Output);

        openssl.Write("resp.tsr", await PostAsync(tsa.Url, openssl.Read("req.tsq")));
        var reply = openssl.Run("ts", "-reply", "-in", "resp.tsr", "-text");
        var verify = openssl.Run("ts", "-verify", "-in", "resp.tsr", "-queryfile", "req.tsq", "-CAfile", "ca.pem",
            "-attime", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var verifyData = openssl.Run("ts", "-verify", "-in", "resp.tsr", "-data", "data.bin", "-CAfile", "ca.pem",
            "-attime", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(reply.ExitCode == 0, reply.Output);
        Assert.Contains("Status: Granted.", reply.Output, StringComparison.Ordinal);
        Assert.Contains("Time stamp: Apr  1 12:00:05 2026 GMT", reply.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("Verification: OK", verify.Output, StringComparison.Ordinal);
        Assert.True(verifyData.ExitCode == 0, verifyData.Output);
    }

    [Fact]
    public async Task OpenSsl_OtherData_VerifyFails()
    {
        using var tsa = TestTimestampAuthority.Start(_ca);
        using var openssl = new OpenSslTool();
        openssl.Write("data.bin", Data);
        openssl.Write("other.bin", "other bytes"u8.ToArray());
        openssl.Write("ca.pem", System.Text.Encoding.ASCII.GetBytes(_ca.Certificate.ExportCertificatePem()));
        var request = Rfc3161TimestampRequest.CreateFromData(Data, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        openssl.Write("resp.tsr", await PostAsync(tsa.Url, request.Encode()));

        var verify = openssl.Run("ts", "-verify", "-in", "resp.tsr", "-data", "other.bin", "-CAfile", "ca.pem",
            "-attime", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("message imprint mismatch", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Sha1Request_RejectedWithBadAlg()
    {
        using var tsa = TestTimestampAuthority.Start(_ca);
        var request = Rfc3161TimestampRequest.CreateFromHash(new byte[20], new Oid("1.3.14.3.2.26")); // SHA-1

        var reply = await PostAsync(tsa.Url, request.Encode());

        Assert.Throws<CryptographicException>(() => request.ProcessResponse(reply, out _));
        Assert.Equal(new byte[] { 0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80 }, reply);
    }

    [Fact]
    public async Task Post_Garbage_RejectedWithBadDataFormat()
    {
        using var tsa = TestTimestampAuthority.Start(_ca);

        var reply = await PostAsync(tsa.Url, [0x30, 0x03, 0x01, 0x01]);

        Assert.Equal(new byte[] { 0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x02, 0x04 }, reply);
    }

    [Fact]
    public async Task Dispose_AuthorityDown_ConnectionRefused()
    {
        var tsa = TestTimestampAuthority.Start(_ca);
        var url = tsa.Url;

        tsa.Dispose();

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(url, [0x30, 0x00]));
    }

    [Fact]
    public void StartWith_CertificateWithoutKey_Refused()
    {
        using var withKey = _ca.IssueTimeStamping("CN=TSA");
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);

        Assert.Throws<ArgumentException>(() => TestTimestampAuthority.StartWith(publicOnly, _clock));
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca.Dispose();
    }

    private async Task<byte[]> PostAsync(Uri url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await _http.PostAsync(url, content);
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
