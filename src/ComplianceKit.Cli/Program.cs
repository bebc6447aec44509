using System.CommandLine;
using ComplianceKit.Cli.Commands;

namespace ComplianceKit.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("ComplianceKit: verify tamper-evident compliance ledgers and evidence bundles, offline.")
        {
            DemoCommand.Create(),
            VerifyCommand.Create(),
            ExportCommand.Create(),
            ReportCommand.Create(),
        };
        return await CommandRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
    }
}
