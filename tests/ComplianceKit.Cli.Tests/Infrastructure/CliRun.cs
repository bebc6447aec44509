using System.Text.Json;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Runs the tool in-process exactly as <c>Program.Main</c> does, capturing stdout, stderr and the exit code.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var root = Program.BuildRoot();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(root, args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What one run printed and returned.</summary>
internal sealed record CliResult(int Exit, string Output, string Error)
{
    /// <summary>The process exit code (same as <see cref="Exit"/>).</summary>
    public int ExitCode => Exit;

    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {Exit}\n{Output}\n{Error}";
}
