using System.CommandLine;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit retention policy --db f --file policies.json --signing-cert admin.pfx [--chain id] [--override-reason text --decided-by who]</c>
/// and <c>compliancekit retention retire --db f --policy id --reason text --signing-cert admin.pfx [--chain id]</c>: record policy entries,
/// signed by an administrator (or, with <c>--unsigned-administration</c>, unsigned with <c>--actor</c>).
/// </summary>
internal static class RetentionPolicyCommand
{
    public static Command CreateSet()
    {
        var db = RetentionCommand.DbOption();
        var chain = DefaultChainOption();
        var file = new Option<string>("--file") { Description = "A JSON policy object, or an array of them in the form the ledger records (compliancekit docs format, section 9).", Required = true };
        var author = new RetentionAuthorOptions("Who records the policies, for example admin:ana.");
        var reason = new Option<string?>("--override-reason") { Description = "Why a policy may be shorter than its category's regulatory minimum; recorded as an override entry." };
        var decidedBy = new Option<string?>("--decided-by") { Description = "Who decided the override, for example officer:privacy." };
        var command = new Command("policy", "Record retention policies in the ledger (each a retention.policy.set entry signed by an administrator).")
        {
            db, chain, file, reason, decidedBy,
        };
        author.AddTo(command);
        command.SetAction((parse, cancellationToken) => SetAsync(parse, author, parse.GetValue(db)!, parse.GetValue(chain)!, parse.GetValue(file)!,
            parse.GetValue(reason), parse.GetValue(decidedBy), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    public static Command CreateRetire()
    {
        var db = RetentionCommand.DbOption();
        var chain = DefaultChainOption();
        var policy = new Option<string>("--policy") { Description = "The id of the active policy to retire.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is retired.", Required = true };
        var author = new RetentionAuthorOptions("Who retires it.");
        var command = new Command("retire", "Retire a retention policy (a retention.policy.retired entry); nothing is purged under it afterwards.") { db, chain, policy, reason };
        author.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var (trust, signer, actor) = author.Resolve(parse, parse.GetValue(db)!);
            using var signerScope = signer;
            var (database, retention) = await RetentionCommand.OpenAsync(parse.GetValue(db)!, trust, RetentionCommand.Clock, 1_000, cancellationToken);
            await using var databaseScope = database;
            await RetentionCommand.RequireChainAsync(database, parse.GetValue(db)!, parse.GetValue(chain)!, cancellationToken);
            var (receipt, refused) = await RetentionAuthorOptions.RecordAsync(output, () => signer is null
                ? retention.RetirePolicyAsync(parse.GetValue(chain)!, parse.GetValue(policy)!, actor!, parse.GetValue(reason)!, cancellationToken)
                : retention.RetirePolicyAsync(parse.GetValue(chain)!, parse.GetValue(policy)!, signer, parse.GetValue(reason)!, cancellationToken));
            if (refused is { } code)
            {
                return code;
            }

            await output.WriteLineAsync($"Retired policy {parse.GetValue(policy)} at entry {receipt!.FirstSequence} of chain {receipt.ChainId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static Option<string> DefaultChainOption() => new("--chain") { Description = "The chain (default: default).", DefaultValueFactory = _ => "default" };

    private static async Task<int> SetAsync(ParseResult parse, RetentionAuthorOptions author, LedgerLocation path, string chainId, string file, string? reason, string? decidedBy,
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
        var (trust, signer, actor) = author.Resolve(parse, path);
        using var signerScope = signer;
        var (database, retention) = await RetentionCommand.OpenAsync(path, trust, RetentionCommand.Clock, 1_000, cancellationToken).ConfigureAwait(false);
        await using var databaseScope = database.ConfigureAwait(false);
        await RetentionCommand.RequireChainAsync(database, path, chainId, cancellationToken).ConfigureAwait(false);
        foreach (var policy in policies)
        {
            var (receipt, refused) = await RetentionAuthorOptions.RecordAsync(output, () => signer is null
                ? retention.SetPolicyAsync(chainId, policy, actor!, approval, cancellationToken)
                : retention.SetPolicyAsync(chainId, policy, signer, approval, cancellationToken)).ConfigureAwait(false);
            if (refused is { } code)
            {
                return code;
            }

            var overrideNote = receipt!.Entries.Count > 1 ? $" (override at entry {receipt.FirstSequence})" : "";
            await output.WriteLineAsync($"Recorded policy {policy} at entry {receipt!.Entries[^1].Sequence} of chain {chainId}{overrideNote}{SignedBy(signer)}.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>", signed by CN=..." for a signed entry, nothing for an unsigned one.</summary>
    internal static string SignedBy(Administration.CliSigner? signer) => signer is null ? " (unsigned)" : $", signed by {signer.Certificate.Subject}";
}
