using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using ComplianceKit.Bundles;
using ComplianceKit.EntityFrameworkCore.TestKit.Bundles;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Bundles;

/// <summary>docs/AUDITOR-GUIDE.md, "With OpenSSL and sha256sum only": every step, run with the real tools on an exported bundle.</summary>
public sealed class BundleAuditorToolsTests : IDisposable
{
    private readonly OpenSslCli _openssl = new();

    [Fact]
    public async Task OpenSslAndSha256sum_VerifyCheckpointFilesAndApprovals_AndRefuseChanges()
    {
        var folder = await ExtractExportAsync();
        _openssl.Write("ca.pem", TestPki.Instance.Root.ExportCertificatePem());
        var checkpoint = File.ReadAllLines(Path.Combine(folder, BundleFormat.CheckpointFile));

        var signature = _openssl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", $"bundle/{BundleFormat.CheckpointSignatureFile}",
            "-content", $"bundle/{BundleFormat.CheckpointFile}", "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null");
        var sums = Run(folder, "sha256sum", "-c", "--strict", BundleFormat.SumsFile);
        var digests = Run(folder, "sha256sum", BundleFormat.ManifestFile, BundleFormat.SumsFile);

        Assert.True(signature.ExitCode == 0, signature.Output);
        Assert.True(sums.ExitCode == 0, sums.Output);
        Assert.Contains($"{BundleFormat.ManifestDigestExtension} {Digest(digests.Output, BundleFormat.ManifestFile)}", checkpoint);
        Assert.Contains($"{BundleFormat.SumsDigestExtension} {Digest(digests.Output, BundleFormat.SumsFile)}", checkpoint);
        var approvals = Directory.GetFiles(Path.Combine(folder, "approvals"), "*.p7s");
        Assert.Equal(2, approvals.Length);
        foreach (var p7s in approvals)
        {
            var statement = p7s.Replace(".p7s", ".statement.json", StringComparison.Ordinal);
            var approval = _openssl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", statement, "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null");
            Assert.True(approval.ExitCode == 0, approval.Output);
        }

        File.AppendAllText(Path.Combine(folder, BundleFormat.EntriesFile), " ");
        File.AppendAllText(Path.Combine(folder, BundleFormat.CheckpointFile), "x\n");
        Assert.NotEqual(0, Run(folder, "sha256sum", "-c", "--strict", BundleFormat.SumsFile).ExitCode);
        Assert.NotEqual(0, _openssl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", $"bundle/{BundleFormat.CheckpointSignatureFile}",
            "-content", $"bundle/{BundleFormat.CheckpointFile}", "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null").ExitCode);
    }

    [Fact]
    public async Task OpenSsl_SignerCertificateFile_HasTheFingerprintInItsName()
    {
        var folder = await ExtractExportAsync();

        foreach (var pem in Directory.GetFiles(Path.Combine(folder, "certificates")))
        {
            var result = _openssl.Run("x509", "-in", pem, "-noout", "-fingerprint", "-sha256");
            var fingerprint = result.Output.Split("Fingerprint=")[1].Split('\n')[0].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
            Assert.Equal(Path.GetFileNameWithoutExtension(pem), fingerprint);
        }
    }

    public void Dispose() => _openssl.Dispose();

    private async Task<string> ExtractExportAsync()
    {
        var tests = new SqliteEvidenceBundleExporterTests();
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Sqlite);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, new NodaTime.Testing.FakeClock(TestPki.SigningTime.Minus(NodaTime.Duration.FromHours(1)), NodaTime.Duration.FromSeconds(1)),
            new ComplianceKitOptions { Organization = "Test Clinic" });
        await tests.SeedAsync(ledger);
        var (bundle, _) = await tests.ExportAsync(ledger, new BundleExportRequest { ChainId = "clinic" });
        var folder = Path.Combine(_openssl.Folder, "bundle");
        await ZipFile.ExtractToDirectoryAsync(new MemoryStream(bundle), folder);
        return folder;
    }

    private static string Digest(string sha256sumOutput, string file) =>
        sha256sumOutput.Split('\n').Single(l => l.EndsWith("  " + file, StringComparison.Ordinal)).Split(' ')[0];

    private static (int ExitCode, string Output) Run(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{program} did not finish.");
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
