using ComplianceKit.Cli.Files;
using System.CommandLine;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Compliance;

/// <summary>The write path of the record-keeping commands: open, refuse when the chain does not verify, append, report.</summary>
internal static class OfficerWrite
{
    /// <summary>Appends what <paramref name="build"/> makes from the verified state (it throws <see cref="UsageException"/> when that state forbids it).</summary>
    public static async Task<int> AppendAsync(ParseResult parse, LedgerLocation path, string chainId, bool json, Func<LedgerWriteSession, IReadOnlyList<EntryDraft>> build,
        Func<LedgerWriteSession, AppendReceipt, (string Text, object Report)> describe, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        await using var session = await LedgerWriteSession.OpenAsync(path, chainId, OfficerOptions.Clock, cancellationToken).ConfigureAwait(false);
        if (session.NotVerified is { } why)
        {
            return await Refusal.WriteAsync(output, parse.InvocationConfiguration.Error, json, path, "LedgerNotVerified", why).ConfigureAwait(false);
        }

        var drafts = build(session);
        var receipt = await session.AppendAsync(drafts, cancellationToken).ConfigureAwait(false);
        var (text, report) = describe(session, receipt);
        return await OfficerOutput.WriteAsync(output, json, text, report).ConfigureAwait(false);
    }
}
