using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Files;

/// <summary>
/// Every option that takes a certificate file reads it by one rule: PEM (one or more certificates) or one DER certificate, within
/// the certificate size limit, with the option named when it is refused.
/// </summary>
public sealed class CertificateFileTests : IDisposable
{
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Verify_WitnessFileLargerThanTheLimit_RefusedNamingTheOptionAndTheLimit()
    {
        var witness = _work.Write("witness.pem", new byte[2 * 1024 * 1024]);

        var result = await CliRun.RunAsync("verify", Bundle(), "--witness", witness);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--witness '{witness}'", result.Error, StringComparison.Ordinal);
        Assert.Contains("the limit is 1,048,576 bytes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WitnessFileOfTwoCertificates_RefusedBecauseAWitnessIsOneParty()
    {
        var witness = _work.Write("witnesses.pem", TestPki.Instance.RsaSigner.ExportCertificatePem() + "\n" + TestPki.Instance.EcdsaSigner.ExportCertificatePem() + "\n");

        var result = await CliRun.RunAsync("verify", Bundle(), "--witness", witness);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--witness '{witness}' must hold exactly one certificate; it holds 2.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustFileOfText_RefusedAsHoldingNoCertificate()
    {
        var trust = _work.Write("ca.pem", "not a certificate\n");

        var result = await CliRun.RunAsync("verify", Bundle(), "--trust", trust);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"trust anchor file '{trust}' holds no PEM certificate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustFileOfBrokenDer_RefusedAsNeitherPemNorDer()
    {
        var trust = _work.Write("ca.der", TestPki.Instance.Root.RawData.AsSpan(0, 40).ToArray());

        var result = await CliRun.RunAsync("verify", Bundle(), "--trust", trust);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"trust anchor file '{trust}' is not a PEM or DER certificate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustFileInDer_ReadLikeItsPem()
    {
        var der = _work.Write("ca.der", TestPki.Instance.Root.RawData);

        var result = await CliRun.RunAsync("verify", Bundle(), "--trust", der);

        // The certificate was accepted: what fails is the bundle, which is not a zip, and the report says so.
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("trust anchor file", result.Error, StringComparison.Ordinal);
        Assert.Contains("NotAZip", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private string Bundle() => _work.Write("bundle.zip", "PK"u8.ToArray());
}
