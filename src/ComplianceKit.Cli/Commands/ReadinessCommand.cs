using System.CommandLine;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Readiness;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit readiness --db &lt;file&gt; [--gate &lt;id&gt;] [--at &lt;instant&gt;] [--trust &lt;ca.pem&gt;]... [--chain &lt;id&gt;] [--json]</c>:
/// 0 ready, 1 blocked (every blocker printed) or the ledger does not verify, 2 usage or unreadable input.
/// </summary>
internal static class ReadinessCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database.");
        var gate = new Option<string?>("--gate") { Description = "Assess this gate (its required controls and approvals); default: the whole programme." };
        var at = new Option<string?>("--at") { Description = "The instant to assess at, for example 2026-03-01T12:00:00Z or 2026-03-01 (UTC); default: now." };
        var trust = new Option<string[]>("--trust") { Description = "A PEM trust anchor for approval signatures (repeatable); default: the ledger's trust.anchor.added entries." };
        var chain = new Option<string>("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var command = new Command("readiness", "Compute readiness from evidence: controls by criticality, BAAs, training and approvals, naming every blocker.")
        {
            db, gate, at, trust, chain, json,
        };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(db)!, administration.Resolve(parse, parse.GetValue(db)!), parse.GetValue(gate), parse.GetValue(at), parse.GetValue(trust) ?? [],
            parse.GetValue(chain)!, parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LedgerLocation path, (AdministrationTrust Trust, string Description) administration, string? gateId, string? atText, string[] trust, string chainId, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = CliHost.Clock;
        var at = InstantArgument.Parse(atText, clock);
        await using var state = await ComplianceState.OpenAsync(path, chainId, trust, administration, at, clock, cancellationToken).ConfigureAwait(false);
        if (state.Snapshot is null)
        {
            return await NotVerifiedReport.WriteAsync(output, path, state, json).ConfigureAwait(false);
        }

        ReadinessReport report;
        try
        {
            report = await new ReadinessEvaluator(state.Database.Ledger, state.Snapshot, state.Administration, state.Verifier).EvaluateAsync(state.Chain!, gateId, at, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{path}' holds an entry the assessment cannot read: {ex.Message}");
        }

        var drift = state.Tampering;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ReadinessJson.From(path, report, drift), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            ReadinessText.Write(output, path, report, drift);
        }

        return report.Status == ReadinessStatus.Ready && drift.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
