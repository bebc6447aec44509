using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Testing.Tests.Signing;

/// <summary>The refusing signer drives a host's error path: the failure surfaces and nothing is written.</summary>
public sealed class RefusingSignerTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 1, 12, 0);

    [Fact]
    public async Task SignDetached_Default_ThrowsCryptographicExceptionNamingTheSigner()
    {
        using var ca = TestCertificateAuthority.CreateRoot(new FakeClock(Now));
        using var certificate = ca.IssueSigner("CN=Casey Officer");
        var signer = new RefusingSigner(certificate);

        var refused = await Assert.ThrowsAsync<CryptographicException>(() => signer.SignDetachedAsync("x"u8.ToArray(), Now).AsTask());

        Assert.Contains("Casey Officer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, signer.AttemptCount);
        Assert.False(signer.Certificate.HasPrivateKey);
    }

    [Fact]
    public async Task ApprovalRecorder_SignerRefuses_HostSeesItsExceptionAndNothingIsWritten()
    {
        var clock = new FakeClock(Now);
        using var ca = TestCertificateAuthority.CreateRoot(clock);
        using var certificate = ca.IssueSigner("CN=Casey Officer");
        var signer = new RefusingSigner(certificate, () => new OperationCanceledException("PIN entry cancelled"));
        var ledger = new InMemoryComplianceLedger(clock);
        var recorder = new ApprovalRecorder(ledger, clock, Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => recorder.SignAsync("default", new ApprovalRequest
        {
            Subject = new ApprovalSubject("release", "2026.04.1"), ArtifactSha256 = new string('b', 64), Decision = ApprovalDecision.Approved,
            SignerName = "Casey Officer", Role = "Compliance Officer",
        }, signer));

        Assert.Equal(1, signer.AttemptCount);
        Assert.Empty(await ledger.GetChainIdsAsync());
    }
}
