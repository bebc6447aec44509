using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ComplianceKit.BrowserTesting;

/// <summary>
/// Headless Debian Chromium driven by Debian's chromedriver, both at pinned paths, with Selenium Manager switched off
/// (<c>SE_OFFLINE=1</c>): nothing is downloaded, so the tests run where hospitals run the product, offline.
/// </summary>
public static class SeleniumChromium
{
    /// <summary>The browser (Debian package <c>chromium</c>).</summary>
    public const string BrowserPath = "/usr/bin/chromium";

    /// <summary>The driver (Debian package <c>chromium-driver</c>).</summary>
    public const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>Starts a headless browser whose window is <paramref name="width"/> by <paramref name="height"/> CSS pixels.</summary>
    /// <param name="downloads">Where downloads are saved without asking, if any.</param>
    public static ChromeDriver Start(int width = 1280, int height = 900, string? downloads = null)
    {
        // Selenium Manager would try to download a browser or driver; the paths are pinned, so it must never run.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "1");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1", $"--window-size={width},{height}");
        if (downloads is not null)
        {
            options.AddUserProfilePreference("download.default_directory", downloads);
            options.AddUserProfilePreference("download.prompt_for_download", false);
        }

        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        if (downloads is not null)
        {
            // Headless Chromium saves downloads only when told where through the DevTools protocol.
            driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?> { ["behavior"] = "allow", ["downloadPath"] = downloads });
        }

        return driver;
    }
}
