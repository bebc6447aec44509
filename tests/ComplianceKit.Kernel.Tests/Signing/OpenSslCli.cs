using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Tests.Signing;

/// <summary>Runs the real OpenSSL binary the way an auditor would, in a private temporary folder.</summary>
internal sealed class OpenSslCli : IDisposable
{
    private const string OpenSslPath = "/usr/bin/openssl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempFolder folder = new();

    public string Folder => folder.Path;

    /// <summary>
    /// Writes statement.bin, sig.p7s and ca.pem and runs
    /// <c>openssl cms -verify -binary -inform DER -in sig.p7s -content statement.bin -CAfile ca.pem -no-CApath -no-CAstore -purpose any -out /dev/null</c>.
    /// </summary>
    public (int ExitCode, string Output) VerifyDetached(byte[] statement, byte[] signature, X509Certificate2 caCertificate)
    {
        folder.Write("statement.bin", statement);
        folder.Write("sig.p7s", signature);
        folder.Write("ca.pem", caCertificate.ExportCertificatePem());
        return Run(
            "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "statement.bin",
            "-CAfile", "ca.pem", "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null");
    }

    public string Write(string name, byte[] bytes) => folder.Write(name, bytes);

    public string Write(string name, string text) => folder.Write(name, text);

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
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"openssl {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        var output = $"openssl {string.Join(' ', arguments)}\nexit {process.ExitCode}\nstdout: {stdout.Result}\nstderr: {stderr.Result}";
        return (process.ExitCode, output);
    }

    public void Dispose() => folder.Dispose();
}
