using System.Diagnostics;

namespace ComplianceKit.Tests.Signing;

/// <summary>Runs a real system tool (openssl, sha256sum) in a folder, as an auditor at a shell would.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static (int ExitCode, string Output) Run(string folder, string tool, params string[] arguments)
    {
        var path = Path.Combine("/usr/bin", tool);
        if (!File.Exists(path))
        {
            // An exception, not an assertion, so the conformance generator (no xunit) runs tools through this too.
            throw new FileNotFoundException($"{path} is required by this test (CI installs it).", path);
        }

        var start = new ProcessStartInfo(path) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        return (process.ExitCode, $"{tool} {string.Join(' ', arguments)}\nexit {process.ExitCode}\nstdout: {stdout.Result}\nstderr: {stderr.Result}");
    }
}
