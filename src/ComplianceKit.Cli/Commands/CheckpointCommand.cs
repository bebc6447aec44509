using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Hashing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit checkpoint --db &lt;file&gt; --sink &lt;dir&gt; --signing-cert &lt;pfx|pem&gt; [--every-entries N] [--every-minutes T] [--json]</c>:
/// records a signed checkpoint of the chain as a <c>checkpoint.published</c> entry and gives every checkpoint a sink lacks to that sink.
/// With <c>--all-chains</c>, records one checkpoint over every chain instead (docs/FORMAT.md 13.8). With <c>--witness-dir</c>, asks those witnesses to co-sign the newest checkpoint and stores their co-signatures (docs/ANCHORING.md).
/// 0 done (or nothing new), 1 a sink did not take a checkpoint (it stays pending and is given again next time) or fewer witnesses co-signed
/// than required, 2 usage or unreadable input.
/// </summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database to checkpoint.");
        var chain = new Option<string?>("--chain") { Description = "The chain (default: the database's only chain)." };
        var sinks = new Option<string[]>("--sink") { Description = "A directory to publish checkpoints to (repeatable); put it where the database's operator cannot rewrite it." };
        var everyEntries = new Option<long?>("--every-entries") { Description = "Only record a checkpoint once this many entries are new (or --every-minutes passed); pending publications are retried anyway." };
        var everyMinutes = new Option<int?>("--every-minutes") { Description = "Only record a checkpoint once this many minutes passed since the last one (with a new entry), or --every-entries." };
        var organization = new Option<string?>("--organization") { Description = "The organisation's name in the origin line (default: the O= of the signing certificate), as export names it." };
        var witnessDirs = new Option<string[]>("--witness-dir") { Description = "A directory a witness answers requests in (compliancekit witness --serve; repeatable): it is asked to co-sign the newest checkpoint." };
        var required = new Option<int?>("--witnesses-required") { Description = "How many of the --witness-dir witnesses must co-sign (default: all of them); fewer is exit 1." };
        var timeout = new Option<int?>("--witness-timeout") { Description = "Seconds to wait for each witness's answer (default 30)." };
        var allChains = new Option<bool>("--all-chains") { Description = "Record one checkpoint over every chain of the ledger (docs/FORMAT.md 13.8) instead of one chain's." };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var signing = new SignerOptions("the organisation's, for signing the checkpoint", required: true);
        var command = new Command("checkpoint", "Record a signed checkpoint of a chain in the ledger and publish it to sinks outside the database.")
        {
            db, chain, sinks, everyEntries, everyMinutes, organization, witnessDirs, required, timeout, allChains, json,
        };
        signing.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            signing.IsGiven(parse);
            var entries = parse.GetValue(everyEntries);
            var minutes = parse.GetValue(everyMinutes);
            if (entries is < 1 || minutes is < 1)
            {
                throw new UsageException("--every-entries and --every-minutes must be at least 1.");
            }

            var schedule = entries is null && minutes is null
                ? null
                : new CheckpointSchedule { EveryEntries = entries ?? long.MaxValue, Every = minutes is { } m ? Duration.FromMinutes(m) : Duration.MaxValue };
            var witnesses = parse.GetValue(witnessDirs) ?? [];
            var quorum = parse.GetValue(required) ?? witnesses.Length;
            if (quorum < 0 || quorum > witnesses.Length || parse.GetValue(timeout) is < 1)
            {
                throw new UsageException($"--witnesses-required must be between 0 and the {witnesses.Length} --witness-dir given, --witness-timeout at least 1.");
            }

            if (parse.GetValue(allChains) && parse.GetValue(chain) is not null)
            {
                throw new UsageException("--all-chains covers every chain: give it without --chain.");
            }

            var wait = Duration.FromSeconds(parse.GetValue(timeout) ?? 30);
            var clients = witnesses.Select(w => new DirectoryWitnessClient(w) { Timeout = wait }).ToList();
            return RunAsync(parse.GetValue(db)!, parse.GetValue(allChains) ? AllChainsCheckpoint.Wildcard : parse.GetValue(chain), parse.GetValue(sinks) ?? [], schedule, () => signing.Load(parse)!,
                parse.GetValue(organization), (clients, quorum), parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(LedgerLocation path, string? chainId, string[] sinkFolders, CheckpointSchedule? schedule, Func<CliSigner> loadSigner,
        string? organizationName, (List<DirectoryWitnessClient> Clients, int Required) witnesses, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        using var signer = loadSigner();
        var organization = CheckpointSigners.OrganizationOf(signer.Certificate, organizationName);
        await using var database = await LedgerDatabase.OpenWritableAsync(path, CliHost.Clock,
            kit => kit.Services.Configure<ComplianceKitOptions>(o => o.Organization = organization), cancellationToken).ConfigureAwait(false);
        var options = database.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ComplianceKitOptions>>();
        var sinks = sinkFolders.Select(f => new DirectoryCheckpointSink(f)).ToList();
        CheckpointPublication result;
        string chain;
        if (chainId == AllChainsCheckpoint.Wildcard)
        {
            chain = chainId;
            var all = new AllChainsCheckpointPublisher(database.Ledger, CliHost.Clock, options, sinks) { Witnesses = witnesses.Clients, WitnessesRequired = witnesses.Required };
            result = schedule is null
                ? await all.PublishAsync(signer, cancellationToken).ConfigureAwait(false)
                : await all.PublishIfDueAsync(signer, schedule, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            chain = await database.ResolveChainAsync(chainId, "to checkpoint", cancellationToken).ConfigureAwait(false);
            var publisher = new CheckpointPublisher(database.Ledger, CliHost.Clock, options, sinks) { Witnesses = witnesses.Clients, WitnessesRequired = witnesses.Required };
            result = schedule is null
                ? await publisher.PublishAsync(chain, signer, cancellationToken).ConfigureAwait(false)
                : await publisher.PublishIfDueAsync(chain, signer, schedule, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(CheckpointJson.From(chain, result), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            var newest = result.Newest?.Checkpoint.Checkpoint;
            await output.WriteLineAsync(result.Recorded is { } made
                ? $"Recorded checkpoint of chain '{chain}' at size {made.Checkpoint.Checkpoint.TreeSize} (entry {made.Sequence}), root {Hex.Format(made.Checkpoint.Checkpoint.Root)}."
                : newest is null ? $"Chain '{chain}' is empty: no checkpoint." : $"No new checkpoint due; the newest is at size {newest.TreeSize}.").ConfigureAwait(false);
            foreach (var (sink, count) in result.Published)
            {
                await output.WriteLineAsync($"  {sink}: {count} published").ConfigureAwait(false);
            }

            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync($"  {failure.Sink}: {(failure.IsConflict ? "CONFLICT" : "PENDING")} at size {failure.TreeSize}: {failure.Message}").ConfigureAwait(false);
            }

            if (result.WitnessesRequired > 0 || result.Cosignatures > 0 || result.WitnessFailures.Count > 0)
            {
                await output.WriteLineAsync($"  witnesses: {result.Cosignatures} co-signature(s) of {result.WitnessesRequired} required{(result.HasQuorum ? "" : " - MISSING")}").ConfigureAwait(false);
            }

            foreach (var failure in result.WitnessFailures)
            {
                await output.WriteLineAsync($"  {failure.Witness}: {(failure.Refusal is { } refusal ? $"REFUSED ({refusal})" : "NO CO-SIGNATURE")}: {failure.Message}").ConfigureAwait(false);
            }
        }

        return result.IsComplete ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
