using System.Text.Json;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Compliance;

/// <summary>What the officer's deciding commands print for a ledger that does not verify: blocked, naming the first failure, exit 1.</summary>
internal static class NotVerifiedReport
{
    /// <summary>A ledger that does not verify is never assessed: it blocks, naming the first failure.</summary>
    public static async Task<int> WriteAsync(TextWriter output, LedgerLocation path, ComplianceState state, bool json)
    {
        var report = state.NotVerified!;
        var first = report.FirstFailure;
        var message = $"The ledger does not verify ({report.Status}, {report.TotalFailures} finding(s)); nothing is assessed from it."
            + (first is null ? "" : $" First: entry {first.Sequence}: {first.Message}");
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { database = path, chainId = state.ChainId, ledgerVerified = false, ready = false, status = "Blocked", blockers = new[] { new { kind = "LedgerNotVerified", subject = $"chain:{state.ChainId}", message } } }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Result: BLOCKED. {message}").ConfigureAwait(false);
            await output.WriteLineAsync($"Run 'compliancekit verify --db {path}' for every finding.").ConfigureAwait(false);
        }

        return ExitCodes.CheckFailed;
    }
}
