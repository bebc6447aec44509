using System.Text.Json;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>Runs the tool in-process exactly as <c>Program.Main</c> does, capturing stdout, stderr and the exit code.</summary>
internal static class CliRun
{
    /// <summary>Runs with an empty stdin: a command that asks a question reads end of input.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs with <paramref name="input"/> as stdin, as a person typing answers would.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        CliInput.Use(new StringReader(input));
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
