using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit witness --state &lt;dir&gt; (--checkpoint &lt;NNN.txt&gt; [--proof &lt;file&gt;] [--restore-statement &lt;statement.txt&gt;] | --serve &lt;dir&gt; [--once]) --trust &lt;ca.pem&gt; --signing-cert &lt;witness.pfx&gt; [--json]</c>:
/// co-signs a published checkpoint (its <c>.p7s</c> beside it) when it consistently extends the last one this witness accepted, or, with
/// a signed restore statement, the restored history (docs/ANCHORING.md), writing <c>&lt;NNN&gt;.cosig.&lt;witness sha256&gt;.p7s</c> beside it;
/// or, with <c>--serve</c>, answers the log's request files (<see cref="WitnessServer"/>). 0 co-signed, 1 refused (Rollback, Fork, ConflictingRoot, SignatureInvalid; nothing written), 2 usage.
/// </summary>
internal static class WitnessCommand
{
    public static Command Create()
    {
        var state = new Option<string>("--state") { Description = "The witness's state directory (the last checkpoint it accepted per origin).", Required = true };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A published checkpoint (<size>.txt in a sink directory), its signature <size>.p7s beside it." };
        var serve = new Option<string?>("--serve") { Description = "Answer the log's request files in this shared directory (docs/ANCHORING.md) until stopped, instead of one --checkpoint." };
        var once = new Option<bool>("--once") { Description = "With --serve: answer the requests waiting now, then exit." };
        var proof = new Option<string?>("--proof") { Description = "The consistency proof from the last accepted size: one base64 hash per line (none for a first or equal checkpoint)." };
        var restore = new Option<string?>("--restore-statement") { Description = "A published restore statement (restore-<n>/statement.txt, its .p7s beside it): co-sign the restored history; --proof is then from its restored-to size." };
        var trust = new Option<string[]>("--trust") { Description = "PEM CA certificates the witness trusts for the log's key (repeatable).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var signing = new SignerOptions("the witness's own key, which co-signs", required: true);
        var command = new Command("witness", "Co-sign a published checkpoint only if it consistently extends the last one this witness accepted.")
        {
            state, checkpoint, serve, once, proof, restore, trust, json,
        };
        signing.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            signing.IsGiven(parse);
            var file = parse.GetValue(checkpoint);
            var exchange = parse.GetValue(serve);
            if ((file is null) == (exchange is null))
            {
                throw new UsageException("Give either --checkpoint <size.txt> or --serve <dir>.");
            }

            if (exchange is null && parse.GetValue(once))
            {
                throw new UsageException("--once goes with --serve <dir>.");
            }

            if (exchange is not null && (parse.GetValue(proof) is not null || parse.GetValue(restore) is not null))
            {
                throw new UsageException("--proof and --restore-statement go with --checkpoint; with --serve each request carries its proof.");
            }

            return exchange is not null
                ? WitnessServer.RunAsync(parse.GetValue(state)!, exchange, parse.GetValue(once), parse.GetValue(trust) ?? [], () => signing.Load(parse)!,
                    parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken)
                : RunAsync(parse.GetValue(state)!, file!, parse.GetValue(proof), parse.GetValue(restore), parse.GetValue(trust) ?? [], () => signing.Load(parse)!,
                    parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string state, string file, string? proofFile, string? restoreFile, string[] trust, Func<CliSigner> loadSigner, bool json, TextWriter output,
        CancellationToken cancellationToken)
    {
        SignedCheckpoint signed;
        IReadOnlyList<byte[]> proof;
        SignedRestoreStatement? restore = null;
        try
        {
            var signature = file.EndsWith(".txt", StringComparison.Ordinal) ? file[..^4] + ".p7s" : throw new UsageException("--checkpoint must name a <size>.txt file of a sink.");
            signed = new SignedCheckpoint(Checkpoint.Parse(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)),
                await File.ReadAllBytesAsync(signature, cancellationToken).ConfigureAwait(false));
            proof = proofFile is null ? [] : (await File.ReadAllLinesAsync(proofFile, cancellationToken).ConfigureAwait(false))
                .Where(l => l.Length > 0).Select(Convert.FromBase64String).ToList();
            if (restoreFile is not null)
            {
                var restoreSignature = restoreFile.EndsWith(".txt", StringComparison.Ordinal) ? restoreFile[..^4] + ".p7s" : throw new UsageException("--restore-statement must name a statement.txt file of a sink.");
                restore = new SignedRestoreStatement(RestoreStatement.Parse(await File.ReadAllBytesAsync(restoreFile, cancellationToken).ConfigureAwait(false)),
                    await File.ReadAllBytesAsync(restoreSignature, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new UsageException($"--checkpoint/--proof/--restore-statement: {ex.Message}");
        }

        using var signer = loadSigner();
        var witness = new CheckpointWitness(state, new CmsSignatureVerifier(BundleInputs.TrustPolicy(trust)), signer, CliHost.Clock);
        var result = restore is null
            ? await witness.CosignAsync(signed, proof, cancellationToken).ConfigureAwait(false)
            : await witness.CosignAfterRestoreAsync(signed, proof, restore, cancellationToken).ConfigureAwait(false);
        string? written = null;
        if (result.Cosignature is { } cosignature)
        {
            written = DirectoryCheckpointSink.CosignatureFile(file, CertificateFingerprint.Of(signer.Certificate));
            await File.WriteAllBytesAsync(written, cosignature, cancellationToken).ConfigureAwait(false);
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new WitnessJson(result.IsCosigned, result.Refusal?.ToString(), result.Message, written, result.AcceptedRestore is not null), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(result.IsCosigned ? $"Co-signed: {result.Message} ({written})" : $"REFUSED ({result.Refusal}): {result.Message}").ConfigureAwait(false);
        }

        return result.IsCosigned ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private sealed record WitnessJson(bool Cosigned, string? Refusal, string Message, string? Cosignature, bool AcceptedRestore);
}
