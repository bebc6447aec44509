using System.Text.Json;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Compliance;

/// <summary>Prints what a record-keeping command recorded or listed: one sentence, or the JSON object.</summary>
internal static class OfficerOutput
{
    public static async Task<int> WriteAsync(TextWriter output, bool json, string text, object report)
    {
        await output.WriteLineAsync(json ? JsonSerializer.Serialize(report, CliJson.Options) : text).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public static async Task<int> WriteListAsync<T>(TextWriter output, bool json, string database, string chainId, string what, IReadOnlyList<T> rows, Func<T, string> line)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { database, chainId, count = rows.Count, items = rows }, CliJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await output.WriteLineAsync($"{rows.Count} {what} record(s) in chain '{chainId}' of {database}:").ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteLineAsync(line(row)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
