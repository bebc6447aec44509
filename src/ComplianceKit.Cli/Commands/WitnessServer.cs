using System.Text.Json;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Output;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit witness --serve &lt;dir&gt; [--once]</c>: answers the log's request files in a shared directory
/// (<see cref="WitnessExchange"/>) with this witness, one line (with <c>--json</c>, one JSON object per line) per answer. Without <c>--once</c> it looks again every
/// 200 ms until stopped (exit 0); with it, 0 when every waiting request was co-signed, 1 when one was refused or not understood.
/// </summary>
internal static class WitnessServer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // One JSON object per line, so a reader can follow the answers as they come.
    private static readonly JsonSerializerOptions JsonLines = new(CliJson.Options) { WriteIndented = false };

    public static async Task<int> RunAsync(string state, string directory, bool once, string[] trust, Func<CliSigner> loadSigner, bool json, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--serve '{directory}' is not a directory.");
        }

        using var signer = loadSigner();
        var witness = new CheckpointWitness(state, new CmsSignatureVerifier(BundleInputs.TrustPolicy(trust)), signer, CliHost.Clock);
        var allCosigned = true;
        try
        {
            do
            {
                foreach (var answer in await WitnessExchange.AnswerPendingAsync(directory, witness, cancellationToken).ConfigureAwait(false))
                {
                    allCosigned &= answer.Result.IsCosigned;
                    await WriteAsync(output, answer, json).ConfigureAwait(false);
                }

                if (!once)
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
            while (!once);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }

        return allCosigned ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static Task WriteAsync(TextWriter output, WitnessExchangeAnswer answer, bool json)
    {
        var result = answer.Result;
        var request = Path.GetFileName(answer.Request);
        return json
            ? output.WriteLineAsync(JsonSerializer.Serialize(new AnswerJson(request, result.IsCosigned, result.Refusal?.ToString(), answer.AcceptedSize, result.Message), JsonLines))
            : output.WriteLineAsync(result.IsCosigned ? $"Co-signed {request}: {result.Message}"
                : result.Refusal is { } refusal ? $"REFUSED ({refusal}) {request}: {result.Message}" : $"Not co-signed {request}: {result.Message}");
    }

    private sealed record AnswerJson(string Request, bool Cosigned, string? Refusal, long? AcceptedSize, string Message);
}
