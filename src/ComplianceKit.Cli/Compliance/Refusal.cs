using System.Text.Json;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Compliance;

/// <summary>A command refuses before writing anything: one line on stderr (or a JSON object on stdout with --json), exit 1.</summary>
internal static class Refusal
{
    public static async Task<int> WriteAsync(TextWriter output, TextWriter error, bool json, string database, string kind, string message)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { database, refused = true, kind, message, written = false }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await error.WriteLineAsync($"refused ({kind}): {message} Nothing was written.").ConfigureAwait(false);
        }

        return ExitCodes.CheckFailed;
    }
}
