using System.Text.RegularExpressions;
using ComplianceKit.BrowserTesting;
using ComplianceKit.Cli.Tests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace ComplianceKit.Cli.Tests.Reports;

/// <summary>
/// <c>report --html</c> of the demo's bundle as an officer sees it: headless Chromium at 1280 px, the figures read from the page and
/// compared with <c>readiness</c> over the ledger the bundle came from (one rule, two sources).
/// </summary>
public sealed partial class ReportInBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ChecklistGate = "ehr-2026.3";
    private readonly string _work = Directory.CreateTempSubdirectory("compliancekit-report-").FullName;
    private string _database = null!;
    private string _page = null!;
    private string _html = null!;

    public async Task InitializeAsync()
    {
        _database = File("compliance-demo.db");
        var demo = await CliRun.RunAsync("demo", "--db", _database);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        _page = File("report.html");
        var report = await CliRun.RunAsync("report", File("compliance-demo.zip"), "--trust", File("demo-ca.pem"), "--html", _page);
        Assert.True(report.ExitCode == 0, report.ToString());
        _html = await System.IO.File.ReadAllTextAsync(_page);
    }

    private string File(string name) => Path.Combine(_work, name);

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Report_DemoBundle_EachGatesComputedFigureAndStatusEqualReadinessOverTheLedger()
    {
        var at = AtAttribute().Match(_html).Groups[1].Value;
        foreach (var gate in GateAttribute().Matches(_html).Select(m => m.Groups[1].Value))
        {
            var readiness = await CliRun.RunAsync("readiness", "--db", _database, "--gate", gate, "--at", at, "--json");
            var json = readiness.Json();
            var section = _html[_html.IndexOf($"data-gate=\"{gate}\"", StringComparison.Ordinal)..];

            Assert.Equal($"{json.GetProperty("readinessPercent").GetDecimal():0.0}%", FigureAttribute().Match(section).Groups[1].Value);
            Assert.Equal(json.GetProperty("ready").GetBoolean() ? "ready" : "blocked", StatusAttribute().Match(section).Groups[1].Value);
            Assert.Equal(json.GetProperty("blockers").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), BlockersAttribute().Match(section).Groups[1].Value);
        }

        Assert.Equal(3, GateAttribute().Count(_html));
    }

    [Fact]
    public void Report_DemoBundle_ShowsControlsAgreementsAndTrainingAsTablesNotEntryDumps()
    {
        Assert.Contains("<table class=\"controls\">", _html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"baas-expiring\">", _html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"training\">", _html, StringComparison.Ordinal);
        Assert.DoesNotContain("Readiness, controls and evidence", _html, StringComparison.Ordinal);
        Assert.DoesNotContain("**", _html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>Latest fact</th><th>Occurred at</th><th>By</th><th>Entry</th><th>Details</th></tr>\n<tr><td>ehr-2026.3", _html, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void Report_At1280Pixels_FitsWithoutSidewaysScrollingAndReadsTheVerdictAndReadiness()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(_page).AbsoluteUri);
        var (scrollWidth, clientWidth) = PageProbe.Widths(driver);
        var verdict = driver.FindElement(By.Id("verdict")).Text;
        var gate = driver.FindElement(By.CssSelector($"section[data-gate='{ChecklistGate}']"));
        var computed = gate.FindElement(By.CssSelector("[data-figure='computed']")).Text;
        var declared = gate.FindElement(By.CssSelector("[data-figure='declared']")).Text;
        var blockers = gate.FindElements(By.CssSelector("ul.blockers[data-blockers] li"));
        var screenshot = PageProbe.SaveScreenshot(driver, "report-demo-1280");
        output.WriteLine($"screenshot: {screenshot}");

        Assert.True(scrollWidth <= clientWidth, $"scroll width {scrollWidth} > client width {clientWidth}");
        Assert.Equal("VERIFIED", verdict);
        Assert.Matches(@"^\d{1,3}\.\d%$", computed);
        Assert.Equal("95.0%", declared);
        Assert.Contains(blockers, b => b.Text.Contains("Operations Lead", StringComparison.Ordinal));
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [BrowserFact]
    public void Report_At1280Pixels_EveryTextHasContrastOfAtLeast4Point5AndEveryLinkALabel()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(_page).AbsoluteUri);
        var low = PageProbe.LowContrastText(driver);
        var unlabelled = PageProbe.UnlabelledControls(driver);

        Assert.True(low.Count == 0, string.Join("\n", low));
        Assert.True(unlabelled.Count == 0, string.Join("\n", unlabelled));
    }

    [GeneratedRegex("<section id=\"readiness\" data-at=\"([^\"]+)\"")]
    private static partial Regex AtAttribute();

    [GeneratedRegex("data-gate=\"([^\"]+)\"")]
    private static partial Regex GateAttribute();

    [GeneratedRegex("data-figure=\"computed\">([^<]+)<")]
    private static partial Regex FigureAttribute();

    [GeneratedRegex("data-status=\"([a-z]+)\"")]
    private static partial Regex StatusAttribute();

    [GeneratedRegex("data-blockers=\"(\\d+)\"")]
    private static partial Regex BlockersAttribute();
}
