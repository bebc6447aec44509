using System.CommandLine;
using System.CommandLine.Help;
using ComplianceKit.Cli.Commands;

namespace ComplianceKit.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => CommandRunner.RunAsync(BuildRoot(), args, Console.Out, Console.Error);

    /// <summary>The command tree; the root is named <c>compliancekit</c>, the installed command, whatever the assembly or host process.</summary>
    internal static Command BuildRoot() =>
        new("compliancekit", "ComplianceKit: verify tamper-evident compliance ledgers and evidence bundles, offline.")
        {
            new HelpOption(),
            new VersionOption(),
            DocsCommand.Create(),
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
            CheckpointCommand.Create(),
            CheckpointKeyCommand.Create(),
            WitnessCommand.Create(),
            RestoreStatementCommand.Create(),
            ReportCommand.Create(),
            ApproveCommand.Create(),
            EvidenceCommand.Create(),
            VendorCommand.Create(),
            BaaCommand.Create(),
            TrainingCommand.Create(),
        };
}
