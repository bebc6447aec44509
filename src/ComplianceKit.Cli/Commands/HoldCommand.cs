using System.CommandLine;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit hold place|release</c>: record legal holds, signed by an administrator, which block purging what they cover
/// until released. 0 recorded, 1 refused (the signer is not an administrator; nothing written), 2 unusable input or refused (a
/// hold id already active, or not active).
/// </summary>
internal static class HoldCommand
{
    public static Command Create() => new("hold", "Place and release legal holds; a hold blocks purging of what it covers.")
    {
        CreatePlace(),
        CreateRelease(),
    };

    private static Command CreatePlace()
    {
        var db = RetentionCommand.DbOption();
        var chain = RetentionPolicyCommand.DefaultChainOption();
        var id = new Option<string>("--id") { Description = "The hold's id, for example doe-v-clinic; released by it.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why: the matter, request or letter that requires it.", Required = true };
        var author = new RetentionAuthorOptions("Who places it, for example counsel:lee.");
        var subject = new Option<string?>("--subject") { Description = "Only entries about this subject, or a prefix ending in * (vendor:*)." };
        var type = new Option<string?>("--type") { Description = "Only entries of this type or type prefix (baa.executed, baa.*)." };
        var from = new Option<string?>("--from") { Description = "Only entries that occurred or were recorded at or after this instant." };
        var until = new Option<string?>("--until") { Description = "Only entries that occurred or were recorded before this instant." };
        var command = new Command("place", "Place a legal hold (a hold.placed entry). Without filters it covers the whole chain.")
        {
            db, chain, id, reason, subject, type, from, until,
        };
        author.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            LegalHold hold;
            try
            {
                hold = new LegalHold(parse.GetValue(id)!, parse.GetValue(reason)!, parse.GetValue(subject), parse.GetValue(type),
                    CliInstants.ParseOptional(parse.GetValue(from), "--from"), CliInstants.ParseOptional(parse.GetValue(until), "--until"));
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            var output = parse.InvocationConfiguration.Output;
            var (trust, signer, actor) = author.Resolve(parse, parse.GetValue(db)!);
            using var signerScope = signer;
            var (database, retention) = await RetentionCommand.OpenAsync(parse.GetValue(db)!, trust, RetentionCommand.Clock, 1_000, cancellationToken);
            await using var databaseScope = database;
            await RetentionCommand.RequireChainAsync(database, parse.GetValue(db)!, parse.GetValue(chain)!, cancellationToken);
            var (receipt, refused) = await RetentionAuthorOptions.RecordAsync(output, () => signer is null
                ? retention.PlaceHoldAsync(parse.GetValue(chain)!, hold, actor!, cancellationToken)
                : retention.PlaceHoldAsync(parse.GetValue(chain)!, hold, signer, cancellationToken));
            if (refused is { } code)
            {
                return code;
            }

            await output.WriteLineAsync($"Placed hold {hold} at entry {receipt!.FirstSequence} of chain {receipt.ChainId}{RetentionPolicyCommand.SignedBy(signer)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRelease()
    {
        var db = RetentionCommand.DbOption();
        var chain = RetentionPolicyCommand.DefaultChainOption();
        var id = new Option<string>("--id") { Description = "The id of the active hold.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is released.", Required = true };
        var author = new RetentionAuthorOptions("Who releases it.");
        var command = new Command("release", "Release a legal hold (a hold.released entry).") { db, chain, id, reason };
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
                ? retention.ReleaseHoldAsync(parse.GetValue(chain)!, parse.GetValue(id)!, actor!, parse.GetValue(reason)!, cancellationToken)
                : retention.ReleaseHoldAsync(parse.GetValue(chain)!, parse.GetValue(id)!, signer, parse.GetValue(reason)!, cancellationToken));
            if (refused is { } code)
            {
                return code;
            }

            await output.WriteLineAsync($"Released hold {parse.GetValue(id)} at entry {receipt!.FirstSequence} of chain {receipt.ChainId}{RetentionPolicyCommand.SignedBy(signer)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
