using System.Security.Cryptography;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Files;

/// <summary>No command writes over evidence: an existing file only with --force, its own input or a ledger never (exit 1, nothing written).</summary>
public sealed class OutputOverwriteTests : IAsyncLifetime
{
    private ClinicWorkspace _clinic = null!;
    private string _bundle = null!;

    public async Task InitializeAsync()
    {
        _clinic = await ClinicWorkspace.CreateAsync();
        _bundle = _clinic.File("clinic.zip");
        var export = await ExportAsync(_bundle);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public Task DisposeAsync()
    {
        _clinic.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Demo_DbIsAnExistingLedger_RefusesAndWritesNothing(bool force)
    {
        var before = Snapshot();

        var demo = await CliRun.RunAsync(force ? ["demo", "--db", _clinic.Database, "--force"] : ["demo", "--db", _clinic.Database]);

        Assert.Equal(1, demo.ExitCode);
        Assert.Contains("is a ComplianceKit ledger", demo.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_OutIsTheLedger_RefusesAndLeavesItUnchanged(bool force)
    {
        var before = Snapshot();

        var export = await ExportAsync(_clinic.Database, force);

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("inputs", export.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Export_OutIsAnotherLedger_RefusesEvenWithForce()
    {
        var other = _clinic.File("other.db");
        File.Copy(_clinic.Database, other);
        var before = Snapshot();

        var export = await ExportAsync(other, force: true);

        Assert.Equal(1, export.ExitCode);
        Assert.Contains("is a ComplianceKit ledger", export.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Export_OutExists_RefusedWithoutForce_ReplacedWithForce()
    {
        var target = _clinic.File("existing.zip");
        await File.WriteAllTextAsync(target, "an earlier bundle");

        var refused = await ExportAsync(target);
        var unchanged = await File.ReadAllTextAsync(target);
        var forced = await ExportAsync(target, force: true);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists", refused.Error, StringComparison.Ordinal);
        Assert.Equal("an earlier bundle", unchanged);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var verify = await CliRun.RunAsync("verify", target, "--trust", _clinic.CaPem);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Empty(Directory.GetFiles(_clinic.Folder, "*.partial"));
    }

    [Theory]
    [InlineData("bundle", false)]
    [InlineData("bundle", true)]
    [InlineData("ledger", true)]
    [InlineData("trust", true)]
    public async Task Report_HtmlIsAnInputOrALedger_RefusesWithAnyFlags(string which, bool force)
    {
        var target = which switch { "bundle" => _bundle, "ledger" => _clinic.Database, _ => _clinic.CaPem };
        var before = Snapshot();

        var report = await CliRun.RunAsync(force
            ? ["report", _bundle, "--trust", _clinic.CaPem, "--html", target, "--force"]
            : ["report", _bundle, "--trust", _clinic.CaPem, "--html", target]);

        Assert.Equal(1, report.ExitCode);
        Assert.StartsWith("error: --html", report.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Report_HtmlExists_RefusedWithoutForce_ReplacedWithForce()
    {
        var page = _clinic.File("page.html");
        await File.WriteAllTextAsync(page, "yesterday's report");

        var refused = await CliRun.RunAsync("report", _bundle, "--trust", _clinic.CaPem, "--html", page);
        var unchanged = await File.ReadAllTextAsync(page);
        var forced = await CliRun.RunAsync("report", _bundle, "--trust", _clinic.CaPem, "--html", page, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("yesterday's report", unchanged);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("<h1 id=\"verdict\">VERIFIED</h1>", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_HtmlIsASymbolicLinkToTheBundle_Refused()
    {
        var link = _clinic.File("looks-harmless.html");
        File.CreateSymbolicLink(link, _bundle);
        var before = Snapshot();

        var report = await CliRun.RunAsync("report", _bundle, "--trust", _clinic.CaPem, "--html", link, "--force");

        Assert.Equal(1, report.ExitCode);
        Assert.Equal(before, Snapshot());
    }

    private Task<CliResult> ExportAsync(string output, bool force = false) =>
        CliRun.RunAsync(["export", "--db", _clinic.Database, "--out", output, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, .. force ? new[] { "--force" } : []]);

    /// <summary>Every file of the workspace with its SHA-256: what "nothing written" means.</summary>
    private string Snapshot() => string.Join("\n", Directory.GetFiles(_clinic.Folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}"));
}
