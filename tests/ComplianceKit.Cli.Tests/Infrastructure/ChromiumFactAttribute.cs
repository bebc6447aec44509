namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A fact that needs Chromium. It skips, saying how to install it, only when Chromium is missing on a developer
/// machine; in CI (CI=true) it always runs, so a missing browser fails the build instead of hiding the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Browser is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Chromium is not installed (looked for /usr/bin/chromium and chromium on PATH). Install the Debian package 'chromium', "
                + "or run 'bash .ci/run', which installs it. With CI=true this test runs and fails instead.";
        }
    }

    /// <summary>The Chromium executable, or <see langword="null"/>.</summary>
    public static string? Browser =>
        new[] { "/usr/bin/chromium" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(d => new[] { Path.Combine(d, "chromium"), Path.Combine(d, "chromium-browser") }))
            .FirstOrDefault(File.Exists);
}
