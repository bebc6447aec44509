using System.CommandLine;
using ComplianceKit.Cli.Files;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit retention policy --db f --file policies.json --actor who [--chain id] [--override-reason text --decided-by who]</c>
/// and <c>compliancekit retention retire --db f --policy id --reason text --actor who [--chain id]</c>: record policy entries.
/// </summary>
internal static class RetentionPolicyCommand
{
    public static Command CreateSet()
    {
        var db = RetentionCommand.DbOption();
        var chain = DefaultChainOption();
        var file = new Option<string>("--file") { Description = "A JSON policy object, or an array of them in the form the ledger records (compliancekit docs format, section 9).", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who records the policies, for example admin:ana.", Required = true };
        var reason = new Option<string?>("--override-reason") { Description = "Why a policy may be shorter than its category's regulatory minimum; recorded as an override entry." };
        var decidedBy = new Option<string?>("--decided-by") { Description = "Who decided the override, for example officer:privacy." };
        var command = new Command("policy", "Record retention policies in the ledger (each a retention.policy.set entry).") { db, chain, file, actor, reason, decidedBy };
        command.SetAction((parse, cancellationToken) => SetAsync(parse.GetValue(db)!, parse.GetValue(chain)!, parse.GetValue(file)!, parse.GetValue(actor)!,
            parse.GetValue(reason), parse.GetValue(decidedBy), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    public static Command CreateRetire()
    {
        var db = RetentionCommand.DbOption();
        var chain = DefaultChainOption();
        var policy = new Option<string>("--policy") { Description = "The id of the active policy to retire.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is retired.", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who retires it.", Required = true };
        var command = new Command("retire", "Retire a retention policy (a retention.policy.retired entry); nothing is purged under it afterwards.") { db, chain, policy, reason, actor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (database, retention) = await RetentionCommand.OpenAsync(parse.GetValue(db)!, RetentionCommand.Clock, 1_000, cancellationToken);
            await using var databaseScope = database;
            await RetentionCommand.RequireChainAsync(database, parse.GetValue(db)!, parse.GetValue(chain)!, cancellationToken);
            var receipt = await RetentionCommand.RefusalsAsUsageAsync(() => retention.RetirePolicyAsync(
                parse.GetValue(chain)!, parse.GetValue(policy)!, parse.GetValue(actor)!, parse.GetValue(reason)!, cancellationToken));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Retired policy {parse.GetValue(policy)} at entry {receipt.FirstSequence} of chain {receipt.ChainId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Option<string> DefaultChainOption() => new("--chain") { Description = "The chain (default: default).", DefaultValueFactory = _ => "default" };

    private static async Task<int> SetAsync(LedgerLocation path, string chainId, string file, string actor, string? reason, string? decidedBy,
        TextWriter output, CancellationToken cancellationToken)
    {
        if ((reason is null) != (decidedBy is null))
        {
            throw new UsageException("an override needs both --override-reason and --decided-by.");
        }

        var json = InputFile.ReadAllText(file, "policy file", InputFile.PolicyLimit);
        IReadOnlyList<RetentionPolicy> policies;
        try
        {
            policies = RetentionPolicyJson.ParseMany(json);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{file}': {ex.Message}");
        }

        var approval = reason is null ? null : new RetentionOverride(reason, decidedBy!);
        var (database, retention) = await RetentionCommand.OpenAsync(path, RetentionCommand.Clock, 1_000, cancellationToken).ConfigureAwait(false);
        await using var databaseScope = database.ConfigureAwait(false);
        await RetentionCommand.RequireChainAsync(database, path, chainId, cancellationToken).ConfigureAwait(false);
        foreach (var policy in policies)
        {
            var receipt = await RetentionCommand.RefusalsAsUsageAsync(() => retention.SetPolicyAsync(chainId, policy, actor, approval, cancellationToken)).ConfigureAwait(false);
            var overrideNote = receipt.Entries.Count > 1 ? $" (override at entry {receipt.FirstSequence})" : "";
            await output.WriteLineAsync($"Recorded policy {policy} at entry {receipt.Entries[^1].Sequence} of chain {chainId}{overrideNote}.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
