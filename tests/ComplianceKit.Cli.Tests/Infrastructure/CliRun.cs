using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Cli.Commands;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Runs the tool in-process exactly as <c>Program.Main</c> does, capturing stdout, stderr and the exit code.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var root = new RootCommand("test") { VerifyCommand.Create(), ImportChecklistCommand.Create(), ReadinessCommand.Create(), GateCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(root, args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What one run printed and returned.</summary>
internal sealed record CliResult(int Exit, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {Exit}\n{Output}\n{Error}";
}
