using ComplianceKit.Bundles;
using ComplianceKit.BrowserTesting;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace ComplianceKit.Dashboard.Tests;

/// <summary>The dashboard as an officer uses it: headless Chromium at 1280 px, signed in, by keyboard alone, downloading a bundle our verifier accepts.</summary>
public sealed class DashboardInBrowserTests(DemoClinicHost host, ITestOutputHelper output) : IClassFixture<DemoClinicHost>
{
    private const string ChecklistGate = "ehr-2026.3";

    [BrowserFact]
    public void Dashboard_Officer_ReadsReadinessBlockersAndChainStatusAt1280PixelsWithoutSidewaysScrolling()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/login?user=officer").AbsoluteUri);
        var gate = driver.FindElement(By.CssSelector($"section[data-gate='{ChecklistGate}']"));
        var computed = gate.FindElement(By.CssSelector("[data-figure='computed']")).Text;
        var declared = gate.FindElement(By.CssSelector("[data-figure='declared']")).Text;
        var status = gate.FindElement(By.CssSelector("[data-status]")).Text;
        var blockers = gate.FindElements(By.CssSelector("ul.blockers[data-blockers] li")).Select(b => b.Text).ToList();
        var chain = driver.FindElement(By.Id("chain-status")).Text;
        var checkpoint = driver.FindElement(By.Id("chain-checkpoint")).Text;
        var (scrollWidth, clientWidth) = PageProbe.Widths(driver);
        var screenshot = PageProbe.SaveScreenshot(driver, "dashboard-officer-1280");
        output.WriteLine($"screenshot: {screenshot}");

        Assert.StartsWith("VERIFIED", chain, StringComparison.Ordinal);
        Assert.StartsWith($"{host.CheckpointSize} entries, root", checkpoint, StringComparison.Ordinal); // the host recorded one on the demo chain
        Assert.Equal("BLOCKED", status);
        Assert.Matches(@"^\d{1,3}\.\d%$", computed);
        Assert.Equal("95.0%", declared);
        Assert.Contains(blockers, b => b.Contains("Operations Lead", StringComparison.Ordinal));
        Assert.True(scrollWidth <= clientWidth, $"scroll width {scrollWidth} > client width {clientWidth}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [BrowserFact]
    public void Dashboard_AnchoringSection_ShowsPerChainTheNewestCheckpointItsWitnessTheAnchoredRangeAndTheTail()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/login?user=officer").AbsoluteUri);
        var rows = driver.FindElements(By.CssSelector("table[data-anchoring] tbody tr"));
        var chain = driver.FindElement(By.CssSelector("table[data-anchoring] tr[data-chain='default']"));
        string Field(string name) => chain.FindElement(By.CssSelector($"td[data-field='{name}']")).Text;
        var (newest, witnesses, anchored, tail) = (Field("newest"), Field("witnesses"), Field("anchored"), Field("tail"));
        var (scrollWidth, clientWidth) = PageProbe.Widths(driver);
        output.WriteLine($"screenshot: {PageProbe.SaveScreenshot(driver, "dashboard-anchoring-1280")}");

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetDomAttribute("data-chain"))));
        Assert.StartsWith($"{host.CheckpointSize} entries, signed ", newest, StringComparison.Ordinal);
        Assert.EndsWith("(ledger entry " + host.CheckpointSize + ")", newest, StringComparison.Ordinal);
        Assert.Equal(DemoClinicHost.WitnessSubject, witnesses);
        Assert.StartsWith($"entries 0-{host.CheckpointSize - 1}, anchor signed ", anchored, StringComparison.Ordinal);
        Assert.Equal($"{host.ChainSize - host.CheckpointSize} entries ({host.CheckpointSize}-{host.ChainSize - 1})", tail);
        Assert.Equal("ok", chain.FindElement(By.CssSelector("td[data-field='anchored'] span")).GetDomAttribute("class"));
        Assert.True(scrollWidth <= clientWidth, $"scroll width {scrollWidth} > client width {clientWidth}");
    }

    [BrowserFact]
    public void Dashboard_Nurse_SeesNoDashboard()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/login?user=nurse").AbsoluteUri);

        Assert.Empty(driver.FindElements(By.CssSelector("section[data-gate]")));
        Assert.DoesNotContain("Compliance dashboard", driver.PageSource, StringComparison.Ordinal);
    }

    [BrowserFact]
    public void Dashboard_EveryTextHasContrastOfAtLeast4Point5AndEveryControlALabel()
    {
        using var driver = SeleniumChromium.Start(width: 1280);

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/login?user=officer").AbsoluteUri);
        var low = PageProbe.LowContrastText(driver);
        var unlabelled = PageProbe.UnlabelledControls(driver);

        Assert.True(low.Count == 0, string.Join("\n", low));
        Assert.True(unlabelled.Count == 0, string.Join("\n", unlabelled));
    }

    [BrowserFact]
    public async Task Dashboard_ByKeyboardAlone_ReachesTheDownloadButtonAndTheBundleVerifies()
    {
        var downloads = Directory.CreateDirectory(Path.Combine(host.Folder, "downloads-" + Guid.NewGuid().ToString("N"))).FullName;
        using var driver = SeleniumChromium.Start(width: 1280, downloads: downloads);
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/login?user=officer").AbsoluteUri);

        var keyboard = new OpenQA.Selenium.Interactions.Actions(driver);
        var order = new List<string>();
        for (var i = 0; i < 300 && order.LastOrDefault() != "download-bundle"; i++)
        {
            keyboard.SendKeys(Keys.Tab).Perform();
            var active = driver.SwitchTo().ActiveElement();
            order.Add(active.GetDomAttribute("id") ?? active.GetDomAttribute("class") ?? active.TagName);
        }

        Assert.Equal("download-bundle", order.Last());
        Assert.Equal("skip", order[0]); // the skip link comes first
        keyboard.SendKeys(Keys.Enter).Perform();
        var bundle = await WaitForDownloadAsync(downloads);
        await using var file = File.OpenRead(bundle);
        var report = await new EvidenceBundleVerifier(host.AuditorTrust).VerifyAsync(file, new BundleVerificationOptions());

        Assert.Equal(BundleVerdict.Verified, report.Verdict);
        Assert.True(report.TrustChecked);
        Assert.True(report.EntriesRead > 400);
    }

    private static async Task<string> WaitForDownloadAsync(string folder)
    {
        for (var i = 0; i < 600; i++)
        {
            var done = Directory.GetFiles(folder, "*.zip");
            if (done.Length == 1 && Directory.GetFiles(folder, "*.crdownload").Length == 0)
            {
                return done[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No bundle was downloaded into {folder} within 60 s.");
    }
}
