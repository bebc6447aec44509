using System.CommandLine;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Readiness;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit gate --db &lt;file&gt; --gate &lt;id&gt; [--at &lt;instant&gt;] [--trust &lt;ca.pem&gt;]... [--chain &lt;id&gt;] [--json]</c>:
/// 0 open, 1 blocked (each reason printed) or the ledger does not verify, 2 usage or unreadable input.
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database.");
        var gate = new Option<string>("--gate") { Description = "The gate to evaluate.", Required = true };
        var at = new Option<string?>("--at") { Description = "The instant to evaluate at, for example 2026-03-01T12:00:00Z or 2026-03-01 (UTC); default: now." };
        var trust = new Option<string[]>("--trust") { Description = "A PEM trust anchor for approval signatures (repeatable); default: the ledger's trust.anchor.added entries." };
        var chain = new Option<string>("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var command = new Command("gate", "Evaluate a release gate: signed approvals against trust anchors, and the evidence of its required controls.")
        {
            db, gate, at, trust, chain, json,
        };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(db)!, administration.Resolve(parse, parse.GetValue(db)!), parse.GetValue(gate)!, parse.GetValue(at), parse.GetValue(trust) ?? [],
            parse.GetValue(chain)!, parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LedgerLocation path, (AdministrationTrust Trust, string Description) administration, string gateId, string? atText, string[] trust, string chainId, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = CliHost.Clock;
        var at = InstantArgument.Parse(atText, clock);
        await using var state = await ComplianceState.OpenAsync(path, chainId, trust, administration, at, clock, cancellationToken).ConfigureAwait(false);
        if (state.Snapshot is null)
        {
            return await NotVerifiedReport.WriteAsync(output, path, state, json).ConfigureAwait(false);
        }

        var evaluation = await GateFromState.EvaluateAsync(state, path, gateId, at, cancellationToken).ConfigureAwait(false);

        var drift = state.Tampering;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(GateJson.From(path, chainId, evaluation, state.AnchorSource, drift), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            GateText.Write(output, evaluation, state.AnchorSource, drift);
        }

        return evaluation.Status == GateStatus.Open && drift.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
