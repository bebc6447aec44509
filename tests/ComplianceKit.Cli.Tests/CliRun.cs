namespace ComplianceKit.Cli.Tests;

/// <summary>Runs the real command tree in-process and captures what a user would see.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandRunner.RunAsync(Program.BuildRoot(), args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
