using System.Diagnostics;

namespace ComplianceKit.Testing.Tests.Timestamps;

/// <summary>Runs the real OpenSSL binary in a private temporary folder, as an auditor would.</summary>
internal sealed class OpenSslTool : IDisposable
{
    private const string OpenSslPath = "/usr/bin/openssl";

    public string Folder { get; } = Directory.CreateTempSubdirectory("compliancekit-tsa-").FullName;

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        Assert.True(File.Exists(OpenSslPath), $"{OpenSslPath} is required for the interoperability tests.");
        var start = new ProcessStartInfo(OpenSslPath)
        {
            WorkingDirectory = Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"openssl {string.Join(' ', arguments)} did not finish within a minute.");
        }

        process.WaitForExit();
        return (process.ExitCode, $"openssl {string.Join(' ', arguments)}\nexit {process.ExitCode}\nstdout: {stdout.Result}\nstderr: {stderr.Result}");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
