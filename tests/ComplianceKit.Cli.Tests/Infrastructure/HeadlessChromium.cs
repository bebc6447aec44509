using System.Diagnostics;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Renders a local page in headless Chromium with a throwaway profile and returns the DOM after rendering.</summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<string> DumpDomAsync(string htmlFile)
    {
        var browser = ChromiumFactAttribute.Browser ?? throw new InvalidOperationException("CI=true but Chromium is not installed; .ci/run installs it.");
        var profile = Directory.CreateTempSubdirectory("compliancekit-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--dump-dom", new Uri(htmlFile).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not render {htmlFile} within {Timeout}.");
            }

            var dom = await output;
            Assert.True(process.ExitCode == 0 && dom.Length > 0, $"Chromium exited {process.ExitCode}: {await error}");
            return dom;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
