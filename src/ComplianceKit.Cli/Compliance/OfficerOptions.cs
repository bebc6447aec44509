using System.CommandLine;
using ComplianceKit.Cli.Files;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>The options and small readers the officer's record-keeping commands share, so each means the same everywhere.</summary>
internal static class OfficerOptions
{
    /// <summary>The clock <c>AddComplianceKit</c> registers (<see cref="CliHost.Clock"/>): the tool names no clock of its own.</summary>
    public static IClock Clock => CliHost.Clock;

    public static Option<LedgerLocation> Database() => DatabaseOption.Create("The ledger database.");

    public static Option<string> Chain() => new("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };

    public static Option<bool> Json() => new("--json") { Description = "Print a JSON report instead of text." };

    public static Option<string> Actor() => new("--actor") { Description = "Who records it (a person or system id).", Required = true };

    /// <summary>The verified state the officer's commands decide from, with the trust anchors the ledger records (never <c>--trust</c> files).</summary>
    public static Task<ComplianceState> OpenVerifiedAsync(LedgerLocation path, string chainId, (AdministrationTrust Trust, string Description) administration, Instant at,
        CancellationToken cancellationToken) =>
        ComplianceState.OpenAsync(path, chainId, [], administration, at, Clock, cancellationToken);

    /// <summary>
    /// A <c>list</c> subcommand of the record-keeping commands: <c>--db</c>, <c>--chain</c>, <c>--json</c>, <paramref name="filters"/> and the
    /// administration options; <paramref name="list"/> runs over the verified state at now, whose snapshot is then never null (exit 1 before it runs when the chain does not verify).
    /// </summary>
    public static Command CreateList(string description, Option[] filters, Func<ParseResult, ComplianceState, Instant, bool, Task<int>> list)
    {
        var db = Database();
        var chain = Chain();
        var json = Json();
        var command = new Command("list", description) { db };
        foreach (var filter in filters)
        {
            command.Options.Add(filter);
        }

        command.Options.Add(chain);
        command.Options.Add(json);
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            var now = Clock.GetCurrentInstant();
            await using var state = await OpenVerifiedAsync(path, parse.GetValue(chain)!, administration.Resolve(parse, path), now, cancellationToken).ConfigureAwait(false);
            return state.Snapshot is null
                ? await NotVerifiedReport.WriteAsync(parse.InvocationConfiguration.Output, path, state, parse.GetValue(json)).ConfigureAwait(false)
                : await list(parse, state, now, parse.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    public static Uri AbsoluteUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"'{text}' is not an absolute link (https://...).");

    /// <summary>Builds a draft through the domain type's own validation; its refusal is a usage error.</summary>
    public static EntryDraft Draft(Func<EntryDraft> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
