using System.CommandLine;
using ComplianceKit.Cli.Commands;

namespace ComplianceKit.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => CommandRunner.RunAsync(BuildRoot(), args, Console.Out, Console.Error);

    internal static RootCommand BuildRoot() =>
        new("ComplianceKit: verify tamper-evident compliance ledgers and evidence bundles, offline.")
        {
            DemoCommand.Create(),
            InitCommand.Create(),
            TrustCommand.Create(),
            RoleCommand.Create(),
            VerifyCommand.Create(),
            RetentionCommand.Create(),
            HoldCommand.Create(),
            ImportChecklistCommand.Create(),
            ReadinessCommand.Create(),
            GateCommand.Create(),
            ExportCommand.Create(),
            ReportCommand.Create(),
        };
}
