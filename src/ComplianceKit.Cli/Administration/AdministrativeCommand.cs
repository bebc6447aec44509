using System.CommandLine;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Cli.Administration;

/// <summary>The options, refusals and output every administrative subcommand (<c>trust</c>, <c>role</c>) shares.</summary>
internal static class AdministrativeCommand
{
    public static (Command Command, Option<LedgerLocation> Db, Option<string> Chain, Option<bool> Json, AdministrationOptions Administration, SignerOptions? Signing) Create(
        string name, string description, bool signs)
    {
        var db = DatabaseOption.Create("The ledger database (made by init).");
        var chain = new Option<string>("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command(name, description) { db, chain, json };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        SignerOptions? signing = null;
        if (signs)
        {
            signing = new SignerOptions("an administrator's, chaining to the pinned administration root", required: true);
            signing.AddTo(command);
        }

        return (command, db, chain, json, administration, signing);
    }

    /// <summary>
    /// Runs <paramref name="body"/> over a session of the command's ledger (<see cref="AdministrativeSession"/>); a chain that does not verify
    /// is refused (exit 1, nothing written) before it runs.
    /// </summary>
    public static void OnSession(Command command, Option<LedgerLocation> db, Option<string> chain, Option<bool> json, AdministrationOptions administration, SignerOptions? signing,
        Func<ParseResult, AdministrativeSession, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await AdministrativeSession.OpenAsync(parse, parse.GetValue(db)!, parse.GetValue(chain)!, administration, signing, cancellationToken).ConfigureAwait(false);
            return session.NotVerified is { } notVerified
                ? await RefuseAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), notVerified).ConfigureAwait(false)
                : await body(parse, session, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// A <c>list</c> subcommand: <c>--at</c> (default now), the session, and <paramref name="list"/>, which prints what is in effect and returns
    /// the entries decisions ignore; exit 0, or 1 when some are ignored.
    /// </summary>
    public static Command CreateList(string description, Func<AdministrativeSession, Instant, bool, TextWriter, Task<IReadOnlyList<AdministrativeFinding>>> list)
    {
        var (command, db, chain, json, administration, _) = Create("list", description, signs: false);
        var at = new Option<string?>("--at") { Description = "The instant to list at (UTC); default: now." };
        command.Options.Add(at);
        OnSession(command, db, chain, json, administration, null, async (parse, session, _) =>
        {
            var ignored = await list(session, InstantArgument.Parse(parse.GetValue(at), session.Clock), parse.GetValue(json), parse.InvocationConfiguration.Output).ConfigureAwait(false);
            return ignored.Count == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    /// <summary>Signs and appends through <paramref name="record"/>; a signer who is not an administrator is refused, nothing written.</summary>
    public static async Task<int> RecordAsync(AdministrativeSession session, TextWriter output, bool json, Func<Task<AppendReceipt>> record, object details, string what,
        string? note = null)
    {
        AppendReceipt receipt;
        try
        {
            receipt = await record().ConfigureAwait(false);
        }
        catch (AdministrationRefusedException ex)
        {
            return await RefuseAsync(output, json, ex.Message).ConfigureAwait(false);
        }

        var entry = receipt.Entries[0];
        var administrator = session.Signer!.Certificate.Subject;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                database = session.Path, chainId = session.ChainId, recorded = true, entryType = entry.EntryType, sequence = entry.Sequence,
                recordedAt = entry.RecordedAt.ToString(), administrator, details, note,
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Recorded {entry.EntryType} at entry {entry.Sequence} of chain '{session.ChainId}': {what}, signed by {administrator}.").ConfigureAwait(false);
            if (note is not null)
            {
                await output.WriteLineAsync(note).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>A refusal: exit 1, nothing written, the reason on one line.</summary>
    public static async Task<int> RefuseAsync(TextWriter output, bool json, string reason)
    {
        await output.WriteLineAsync(json
            ? JsonSerializer.Serialize(new { recorded = false, refused = reason }, CliJson.Options)
            : $"Refused, nothing written: {reason}").ConfigureAwait(false);
        return ExitCodes.CheckFailed;
    }

    public static IReadOnlyList<AdministrativeFinding> Ignored(AdministrativeState state, params string[] types) =>
        state.Findings.Where(f => types.Contains(f.EntryType, StringComparer.Ordinal)).ToList();

    public static async Task WriteIgnoredAsync(TextWriter output, IReadOnlyList<AdministrativeFinding> ignored)
    {
        if (ignored.Count > 0)
        {
            await output.WriteLineAsync($"Ignored by every decision ({ignored.Count}):").ConfigureAwait(false);
            foreach (var finding in ignored)
            {
                await output.WriteLineAsync($"  {finding.Kind}: {finding.Message}").ConfigureAwait(false);
            }
        }
    }
}
