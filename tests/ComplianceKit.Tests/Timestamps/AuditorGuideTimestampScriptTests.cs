using System.Diagnostics;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Docs;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>docs/AUDITOR-GUIDE.md's "A signature's trusted time" script, run as written with bash and the real OpenSSL.</summary>
public sealed class AuditorGuideTimestampScriptTests : IDisposable
{
    private const string Heading = "## A signature's trusted time (RFC 3161 timestamp)";
    private readonly TimestampFixture _f = new();
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task GuideScript_TimestampedSignature_VerificationOk()
    {
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        var (exitCode, output) = RunGuide(signature, _f.TsaRoot.Certificate.ExportCertificatePem());

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification: OK", output, StringComparison.Ordinal);
        Assert.Contains("Time stamp: Apr  1 12:00:00 2026 GMT", output, StringComparison.Ordinal);
        Assert.Equal(SignatureTimestamps.Find(signature), File.ReadAllBytes(Path.Combine(_folder.Path, "token.der")));
        Assert.Equal(SignatureTimestamps.SignatureValue(signature), File.ReadAllBytes(Path.Combine(_folder.Path, "signature-value.bin")));
    }

    [Fact]
    public async Task GuideScript_TsaRootNotTheOneThatIssued_Fails()
    {
        var signature = await _f.TimestampingSigner().SignDetachedAsync(TimestampFixture.Statement, TimestampFixture.Now);

        var (exitCode, output) = RunGuide(signature, _f.Organisation.Certificate.ExportCertificatePem());

        Assert.True(exitCode != 0, output);
        Assert.DoesNotContain("Verification: OK", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _folder.Dispose();
        _f.Dispose();
    }

    private (int ExitCode, string Output) RunGuide(byte[] signature, string tsaRootPem)
    {
        _folder.Write("sig.p7s", signature);
        _folder.Write("tsa-root.pem", tsaRootPem);
        var script = RepositoryDocs.CodeBlockAfter("docs/AUDITOR-GUIDE.md", Heading)
            .Replace("-CAfile tsa-root.pem", $"-CAfile tsa-root.pem -attime {TimestampFixture.Now.ToUnixTimeSeconds()}", StringComparison.Ordinal);
        var start = new ProcessStartInfo("/bin/bash") { WorkingDirectory = _folder.Path, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -e -o pipefail\n" + script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the guide's script did not finish within a minute");
        return (process.ExitCode, $"exit {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
    }
}
