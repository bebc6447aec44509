using System.Diagnostics;
using System.Text.Json.Nodes;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Hosting;

/// <summary>
/// Bogus (the demo's fake data) is loaded only by <c>demo</c>: the built tool, copied without Bogus, runs every other
/// command it is given here, as a separate process named as installed.
/// </summary>
public sealed class BogusOnlyForDemoTests : IDisposable
{
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Tool_WithoutBogus_RunsHelpDocsAndVerifyButNotDemo()
    {
        var db = _work.File("clinic.db");
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--db", db)).Exit);
        var tool = CopyToolWithoutBogus();

        var help = await RunAsync(tool, "--help");
        var docs = await RunAsync(tool, "docs", "auditor-guide");
        var verify = await RunAsync(tool, "verify", "--db", db);
        // In a folder of its own: the first demo's demo-ca.pem beside it would be refused before Bogus is needed.
        var again = Directory.CreateDirectory(_work.File("again")).FullName;
        var demo = await RunAsync(tool, "demo", "--db", System.IO.Path.Combine(again, "again.db"));

        Assert.True(help.Exit == 0, help.ToString());
        Assert.Contains("compliancekit [command] [options]", help.Output, StringComparison.Ordinal);
        Assert.True(docs.Exit == 0, docs.ToString());
        Assert.True(verify.Exit == 0, verify.ToString());
        Assert.Contains("VERIFIED", verify.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, demo.Exit);
        Assert.Contains("Bogus", demo.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    /// <summary>The tool's build output (beside the tests), without Bogus.dll and without Bogus in its dependency manifest.</summary>
    private string CopyToolWithoutBogus()
    {
        var source = AppContext.BaseDirectory;
        var target = Directory.CreateDirectory(_work.File("tool")).FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("ComplianceKit.Cli.Tests", StringComparison.Ordinal) || relative == "Bogus.dll")
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        var manifestPath = Path.Combine(target, "ComplianceKit.Cli.deps.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        foreach (var (_, libraries) in manifest["targets"]!.AsObject())
        {
            foreach (var (_, library) in libraries!.AsObject())
            {
                (library!["dependencies"] as JsonObject)?.Remove("Bogus");
            }

            foreach (var name in libraries.AsObject().Select(p => p.Key).Where(k => k.StartsWith("Bogus/", StringComparison.Ordinal)).ToList())
            {
                libraries.AsObject().Remove(name);
            }
        }

        foreach (var name in manifest["libraries"]!.AsObject().Select(p => p.Key).Where(k => k.StartsWith("Bogus/", StringComparison.Ordinal)).ToList())
        {
            manifest["libraries"]!.AsObject().Remove(name);
        }

        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return Path.Combine(target, "ComplianceKit.Cli.dll");
    }

    private static async Task<CliResult> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }
}
