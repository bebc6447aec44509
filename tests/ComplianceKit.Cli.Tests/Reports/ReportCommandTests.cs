using System.IO.Compression;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Reports;

/// <summary><c>report --html</c>: one self-contained page, and what a person sees when Chromium renders it.</summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private ClinicWorkspace _clinic = null!;
    private string _bundle = null!;

    public async Task InitializeAsync()
    {
        _clinic = await ClinicWorkspace.CreateAsync();
        _bundle = _clinic.File("clinic.zip");
        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", _bundle, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    public Task DisposeAsync()
    {
        _clinic.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Report_WritesOneSelfContainedPageWithEveryValueEscaped()
    {
        var page = _clinic.File("report.html");

        var result = await CliRun.RunAsync("report", _bundle, "--trust", _clinic.CaPem, "--html", page);
        var html = await File.ReadAllTextAsync(page);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<h1 id=\"verdict\">VERIFIED</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Readiness, gates and blockers</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ImportedChecklist_ShowsTheDeclaredHeadlineBesideTheComputedFigureAndEveryItemsClassification()
    {
        var checklist = _clinic.File("launch.md");
        await File.WriteAllTextAsync(checklist, "# Launch\n**Overall readiness:** 95%\n## Must have\n- [x] Backups restored\n- [x] BAAs signed with: Twilio\n## Nice to have\n- [ ] Dark mode\n## Post-deployment verification\n- [ ] Smoke tests\n");
        var db = _clinic.File("launch.db");
        Assert.Equal(0, (await CliRun.RunAsync("import-checklist", checklist, "--db", db)).ExitCode);
        var bundle = _clinic.File("launch.zip");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--db", db, "--out", bundle, "--signing-cert", _clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var page = _clinic.File("launch.html");

        var result = await CliRun.RunAsync("report", bundle, "--trust", _clinic.CaPem, "--html", page);
        var html = await File.ReadAllTextAsync(page);

        Assert.True(result.ExitCode == 0, result.ToString());
        var gate = html[html.IndexOf("data-gate=\"launch\"", StringComparison.Ordinal)..];
        Assert.Contains("<h2>Readiness, gates and blockers</h2>", html, StringComparison.Ordinal);
        Assert.Contains("data-figure=\"declared\">95.0%</span><br><small>\"readiness: 95%\", line 2 of launch.md</small>", gate, StringComparison.Ordinal);
        Assert.Matches("data-figure=\"computed\">\\d{1,3}\\.\\d%</span>", gate);

        // Backups (critical, ticked but critical needs documented evidence) and the BAA (no executed agreement) are unmet; dark mode is optional.
        var baaRow = html[html.IndexOf("<td><code>launch/must-have.2</code>", StringComparison.Ordinal)..];
        Assert.StartsWith("<td><code>launch/must-have.2</code></td><td>BAAs signed with: Twilio</td><td>Critical</td><td>records: BaaInForce</td><td><span class=\"bad\">no</span>: vendor twilio has no executed BAA in force</td>", baaRow, StringComparison.Ordinal);
        Assert.Contains("<td><code>launch/nice-to-have.1</code></td><td>Dark mode</td><td>Optional, optional in this gate</td>", html, StringComparison.Ordinal);
        Assert.Contains("<code>launch-post-deployment</code> <span class=\"badge", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithoutTrust_SaysSignersAreNotChecked()
    {
        var page = _clinic.File("report.html");

        var result = await CliRun.RunAsync("report", _bundle, "--html", page);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("INTACT, SIGNERS NOT CHECKED", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Report_RenderedInChromium_ShowsTheVerdictSignersSectionsAndNoInjectedMarkup()
    {
        var page = _clinic.File("report.html");
        var result = await CliRun.RunAsync("report", _bundle, "--trust", _clinic.CaPem, "--html", page);
        Assert.True(result.ExitCode == 0, result.ToString());

        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Contains("<h1 id=\"verdict\">VERIFIED</h1>", dom, StringComparison.Ordinal);
        Assert.Contains("Casey Officer", dom, StringComparison.Ordinal);
        Assert.Contains("Erin Engineer", dom, StringComparison.Ordinal);
        Assert.Contains("Compliance Officer", dom, StringComparison.Ordinal);
        Assert.Contains("Business associate agreements", dom, StringComparison.Ordinal);
        Assert.Contains("Controls, agreements and training", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
    }

    [ChromiumFact]
    public async Task Report_OfATamperedBundle_RendersInvalidAndTheFailure()
    {
        var tampered = _clinic.File("tampered.zip");
        File.Copy(_bundle, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            zip.GetEntry("trust/anchors.pem")?.Delete();
            using var stream = zip.CreateEntry("extra.txt").Open();
            stream.Write("added later"u8);
        }

        var page = _clinic.File("tampered.html");
        var result = await CliRun.RunAsync("report", tampered, "--trust", _clinic.CaPem, "--html", page);
        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("<h1 id=\"verdict\">INVALID</h1>", dom, StringComparison.Ordinal);
        Assert.Contains("UnexpectedFile", dom, StringComparison.Ordinal);
        Assert.Contains("extra.txt", dom, StringComparison.Ordinal);
    }
}
