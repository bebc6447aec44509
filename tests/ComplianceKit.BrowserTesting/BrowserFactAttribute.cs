using Xunit;

namespace ComplianceKit.BrowserTesting;

/// <summary>
/// A fact that drives Chromium through chromedriver. It skips, saying what to install, only when either is missing on a
/// developer machine; in CI (CI=true) it always runs, so a missing browser fails the build instead of hiding the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute, skipping when the browser or driver is missing outside CI.</summary>
    public BrowserFactAttribute()
    {
        if ((!File.Exists(SeleniumChromium.BrowserPath) || !File.Exists(SeleniumChromium.DriverPath))
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Needs {SeleniumChromium.BrowserPath} and {SeleniumChromium.DriverPath}: install the Debian packages 'chromium' and 'chromium-driver' "
                + "(bash .ci/run does). With CI=true this test runs and fails instead.";
        }
    }
}
