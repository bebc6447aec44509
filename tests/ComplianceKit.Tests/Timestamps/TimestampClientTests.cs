using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Timestamps;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>The client gets a checked token or fails clearly; untimestamped signatures happen only when configured, and are counted.</summary>
public sealed class TimestampClientTests : IDisposable
{
    private readonly TimestampFixture _f = new();

    [Fact]
    public async Task Sign_TsaDown_FailsNamingTheAuthority()
    {
        var down = DownUrl();
        var signer = _f.TimestampingSigner(_f.Options(down));

        var error = await Assert.ThrowsAsync<TimestampUnavailableException>(() => signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now).AsTask());

        Assert.Contains(down.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, signer.UntimestampedCount);
    }

    [Fact]
    public async Task Sign_TsaDownAndRecordUntimestamped_UntimestampedAndCounted()
    {
        var options = _f.Options(DownUrl());
        options.WhenUnavailable = TimestampUnavailableBehavior.RecordUntimestamped;
        var signer = _f.TimestampingSigner(options);

        var signature = await signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        Assert.Null(SignatureTimestamps.Find(signature));
        Assert.Equal(1, signer.UntimestampedCount);
        var result = new CmsSignatureVerifier(_f.Policy()).Verify(TimestampFixture.Statement, signature);
        Assert.Equal(SignatureVerificationStatus.Valid, result.Status);
        Assert.Equal(SigningTimeBasis.ClaimedSigningTime, result.TimeBasis);
        Assert.Contains("no timestamp token", result.TimeBasisReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_FirstTsaDown_SecondAnswers()
    {
        var signer = _f.TimestampingSigner(_f.Options(DownUrl(), _f.Authority.Url));

        var signature = await signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        Assert.NotNull(SignatureTimestamps.Find(signature));
        Assert.Equal(1, _f.Authority.RequestCount);
    }

    [Fact]
    public async Task GetToken_ReplayedResponse_NonceMismatchRefused()
    {
        using var responder = new TimestampResponder(_f.TsaRoot.IssueTimeStamping("CN=Replayed TSA"), _f.TsaClock);
        var value = "signature value"u8.ToArray();
        var earlier = Rfc3161TimestampRequest.CreateFromData(value, HashAlgorithmName.SHA256, nonce: new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, requestSignerCertificates: true);
        using var replay = new FixedReplyServer(responder.Respond(earlier.Encode()));
        var client = new Rfc3161TimestampClient(_f.Http, _f.Options(replay.Url));

        var error = await Assert.ThrowsAsync<TimestampUnavailableException>(() => client.GetTokenAsync(value));

        Assert.Contains(replay.Url.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_UntrustedTsaWithTrustAnchorsConfigured_Refused()
    {
        using var rogueRoot = TestCertificateAuthority.CreateRoot(_f.Clock, "CN=Rogue Time Root");
        using var rogue = TestTimestampAuthority.Start(rogueRoot);
        var options = _f.Options(rogue.Url);
        options.TrustAnchors.Add(_f.TsaRoot.Certificate);
        var client = new Rfc3161TimestampClient(_f.Http, options);

        var error = await Assert.ThrowsAsync<TimestampUnavailableException>(() => client.GetTokenAsync("value"u8.ToArray()));

        Assert.Contains(nameof(TimestampVerificationStatus.UntrustedAuthority), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_TsaSlowerThanTheTimeout_FailsWithinTheTimeout()
    {
        using var slow = new FixedReplyServer([0x30, 0x00], delay: TimeSpan.FromSeconds(30));
        var options = _f.Options(slow.Url);
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        var client = new Rfc3161TimestampClient(_f.Http, options);

        var error = await Assert.ThrowsAsync<TimestampUnavailableException>(() => client.GetTokenAsync("value"u8.ToArray()));

        Assert.Contains("no answer within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_Cancelled_ThrowsCancellationEvenWhenRecordingUntimestamped()
    {
        var options = _f.Options();
        options.WhenUnavailable = TimestampUnavailableBehavior.RecordUntimestamped;
        var signer = _f.TimestampingSigner(options);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signer.SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now, cancelled.Token).AsTask());

        Assert.Equal(0, signer.UntimestampedCount);
    }

    [Fact]
    public void Create_NoAuthority_Refused()
    {
        Assert.Throws<ArgumentException>(() => new Rfc3161TimestampClient(_f.Http, new TimestampOptions()));
    }

    public void Dispose() => _f.Dispose();

    private Uri DownUrl()
    {
        var stopped = TestTimestampAuthority.Start(_f.TsaRoot);
        var url = stopped.Url;
        stopped.Dispose();
        return url;
    }
}
