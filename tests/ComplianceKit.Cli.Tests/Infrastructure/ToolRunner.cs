using System.CommandLine;
using ComplianceKit.Cli.Commands;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Runs the tool in process exactly as Program.Main does, capturing what it prints.</summary>
internal static class ToolRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var root = new RootCommand("compliancekit (tests)") { DemoCommand.Create(), VerifyCommand.Create(), ExportCommand.Create(), ReportCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(root, args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What a run of the tool returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
