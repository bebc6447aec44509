using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Hashing;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit restore-statement --db &lt;file&gt; --sink &lt;dir&gt;... --trust &lt;ca.pem&gt; --signing-cert &lt;pfx|pem&gt; [--json]</c>: after a
/// database backup was restored, records the organisation's signed restore statement (the published checkpoint the chain was restored
/// to, the published history lost after it) as a <c>checkpoint.restored</c> entry and publishes it to every sink, so witnesses accept
/// the restored history and verification reports the gap (docs/ANCHORING.md). 0 recorded and published, 1 refused (nothing written)
/// or a sink did not take it, 2 usage or unreadable input.
/// </summary>
internal static class RestoreStatementCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The restored ledger database.");
        var chain = new Option<string?>("--chain") { Description = "The chain (default: the database's only chain)." };
        var sinks = new Option<string[]>("--sink") { Description = "A directory the chain's checkpoints were published to (repeatable, at least one); the statement is published to each.", Required = true };
        var trust = new Option<string[]>("--trust") { Description = "PEM CA certificates trusted for the organisation's checkpoint key (repeatable): published checkpoints not signed under them are ignored.", Required = true };
        var organization = new Option<string?>("--organization") { Description = "The organisation's name in the origin line (default: the O= of the signing certificate), as checkpoint names it." };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var signing = new SignerOptions("the organisation's, for signing the restore statement", required: true);
        var command = new Command("restore-statement", "After restoring a database backup, record the signed statement of the checkpoint restored to and the history lost.")
        {
            db, chain, sinks, trust, organization, json,
        };
        signing.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            signing.IsGiven(parse);
            return RunAsync(parse.GetValue(db)!, parse.GetValue(chain), parse.GetValue(sinks) ?? [], parse.GetValue(trust) ?? [], () => signing.Load(parse)!,
                parse.GetValue(organization), parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(LedgerLocation path, string? chainId, string[] sinkFolders, string[] trust, Func<CliSigner> loadSigner,
        string? organizationName, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var folder in sinkFolders.Where(f => !Directory.Exists(f)))
        {
            throw new UsageException($"--sink '{folder}' is not a directory: a restore statement goes to the sinks the checkpoints were published to.");
        }

        var verifier = new CmsSignatureVerifier(BundleInputs.TrustPolicy(trust));
        using var signer = loadSigner();
        var organization = CheckpointSigners.OrganizationOf(signer.Certificate, organizationName);
        await using var database = await LedgerDatabase.OpenWritableAsync(path, CliHost.Clock,
            kit => kit.Services.Configure<ComplianceKitOptions>(o => o.Organization = organization), cancellationToken).ConfigureAwait(false);
        var chain = await database.ResolveChainAsync(chainId, null, cancellationToken).ConfigureAwait(false);

        RestoreRecording result;
        try
        {
            result = await new RestoreStatementRecorder(database.Ledger, CliHost.Clock, database.Services.GetRequiredService<IOptions<ComplianceKitOptions>>())
                .RecordAsync(chain, sinkFolders.Select(f => new DirectoryCheckpointSink(f)).ToList(), verifier, signer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--sink: {ex.Message}");
        }

        var statement = result.Statement?.Statement;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new RestoreJson(chain, statement is not null, result.Refusal, statement?.Origin, Head(statement?.RestoredTo),
                Head(statement?.Lost), result.Sequence, result.Failures, result.IsComplete), CliJson.Options)).ConfigureAwait(false);
        }
        else if (statement is null)
        {
            await output.WriteLineAsync($"REFUSED: {result.Refusal} Nothing was written.").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Recorded restore statement of chain '{chain}' (entry {result.Sequence}): restored to size {statement.RestoredTo.TreeSize} "
                + $"(root {Hex.Format(statement.RestoredTo.Root)}); entries {statement.RestoredTo.TreeSize}..{statement.Lost.TreeSize - 1} of the published history are lost.").ConfigureAwait(false);
            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync($"  {failure.Sink}: {(failure.IsConflict ? "CONFLICT" : "NOT WRITTEN")}: {failure.Message}").ConfigureAwait(false);
            }
        }

        return result.IsComplete ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static HeadJson? Head(Checkpoint? checkpoint) => checkpoint is null ? null : new HeadJson(checkpoint.TreeSize, Hex.Format(checkpoint.Root));

    private sealed record RestoreJson(string ChainId, bool Recorded, string? Refusal, string? Origin, HeadJson? RestoredTo, HeadJson? Lost, long? Sequence,
        IReadOnlyList<CheckpointSinkFailure> Failures, bool Complete);

    private sealed record HeadJson(long TreeSize, string TreeRoot);
}
