using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Cli.Output;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary><c>compliancekit verify --db &lt;file&gt; [--chain &lt;id&gt;] [--json]</c>: 0 verified, 1 tampering found, 2 unusable input.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The SQLite ledger database to verify.", Required = true };
        var chain = new Option<string?>("--chain") { Description = "Verify only this chain (default: every chain)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var command = new Command("verify", "Verify every entry, link and Merkle root of a ledger database.") { db, chain, json };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(db)!, parse.GetValue(chain), parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, string? chainId, bool json, TextWriter output, CancellationToken cancellationToken)
    {
#pragma warning disable RS0030 // the command-line tool is a host: it owns the real clock
        await using var database = await LedgerDatabase.OpenReadOnlyAsync(path, SystemClock.Instance, cancellationToken).ConfigureAwait(false);
#pragma warning restore RS0030
        var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        if (chainId is not null)
        {
            if (!chains.Contains(chainId, StringComparer.Ordinal))
            {
                throw new UsageException($"'{path}' holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
            }

            chains = [chainId];
        }

        var reports = new List<ChainVerificationReport>();
        foreach (var chain in chains)
        {
            reports.Add(await database.Ledger.VerifyAsync(chain, cancellationToken).ConfigureAwait(false));
        }

        var valid = reports.All(r => r.IsValid);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(VerificationJson.From(path, reports), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            VerificationText.Write(output, path, reports);
        }

        return valid ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
