using System.Text;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Files;

/// <summary>Oversized inputs are refused before they are read, with the limit in the message, and memory stays bounded by the limit.</summary>
[Collection(AloneCollection.Name)]
public sealed class InputLimitTests : IDisposable
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task ImportChecklist_FiftyMegabyteChecklist_RefusedNamingTheLimitWithoutReadingIt()
    {
        var checklist = Generated("release.md", FiftyMegabytes, "- [x] **Pen test**: done\n");
        var db = _work.File("clinic.db");

        var (result, allocated) = await MeasuredAsync(() => CliRun.RunAsync("import-checklist", checklist, "--db", db));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the limit is 1,048,576 bytes (1 MiB)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a 50 MB checklist");
    }

    [Fact]
    public async Task RetentionPolicy_HugePolicyFile_RefusedNamingTheLimit()
    {
        var policies = Generated("policies.json", FiftyMegabytes, """{"id":"access-6y","entryTypes":["phi.*"],"period":"P6Y"},""");

        var (result, allocated) = await MeasuredAsync(() => CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", _work.File("clinic.db"), "--file", policies, "--actor", "admin:ana"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("policy file", result.Error, StringComparison.Ordinal);
        Assert.Contains("the limit is 1,048,576 bytes", result.Error, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a 50 MB policy file");
    }

    [Fact]
    public async Task Verify_HugeTrustAnchorPem_RefusedNamingTheLimit()
    {
        var pem = Generated("ca.pem", 8L * 1024 * 1024, TestPki.Instance.Root.ExportCertificatePem() + "\n");
        var bundle = _work.Write("bundle.zip", "PK"u8.ToArray());

        var result = await CliRun.RunAsync("verify", bundle, "--trust", pem);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trust anchor file", result.Error, StringComparison.Ordinal);
        Assert.Contains("the limit is 1,048,576 bytes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_HugeSigningCertificate_RefusedNamingTheLimitBeforeTouchingTheLedger()
    {
        var certificate = Generated("org.pem", 8L * 1024 * 1024, TestPki.Instance.RsaSigner.ExportCertificatePem() + "\n");
        var output = _work.File("bundle.zip");

        var result = await CliRun.RunAsync("export", "--db", _work.Write("clinic.db", "not read"), "--out", output, "--signing-cert", certificate);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("signing certificate", result.Error, StringComparison.Ordinal);
        Assert.Contains("the limit is 1,048,576 bytes", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _work.Dispose();

    /// <summary>A file of <paramref name="length"/> bytes repeating <paramref name="text"/>: real content, not a sparse hole.</summary>
    private string Generated(string name, long length, string text)
    {
        var path = _work.File(name);
        var unit = Encoding.UTF8.GetBytes(text);
        using var file = File.Create(path);
        var block = Enumerable.Repeat(unit, (1 << 20) / unit.Length).SelectMany(b => b).ToArray();
        for (long written = 0; written < length; written += block.Length)
        {
            file.Write(block, 0, (int)Math.Min(block.Length, length - written));
        }

        return path;
    }

    private static async Task<(CliResult Result, long Allocated)> MeasuredAsync(Func<Task<CliResult>> run)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await run();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}
