using System.CommandLine;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit hold place|release</c>: record legal holds, which block purging what they cover until released.
/// 0 recorded, 2 unusable input or refused (a hold id already active, or not active).
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
        var actor = new Option<string>("--actor") { Description = "Who places it, for example counsel:lee.", Required = true };
        var subject = new Option<string?>("--subject") { Description = "Only entries about this subject, or a prefix ending in * (vendor:*)." };
        var type = new Option<string?>("--type") { Description = "Only entries of this type or type prefix (baa.executed, baa.*)." };
        var from = new Option<string?>("--from") { Description = "Only entries that occurred or were recorded at or after this instant." };
        var until = new Option<string?>("--until") { Description = "Only entries that occurred or were recorded before this instant." };
        var command = new Command("place", "Place a legal hold (a hold.placed entry). Without filters it covers the whole chain.")
        {
            db, chain, id, reason, actor, subject, type, from, until,
        };
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

            var (database, retention) = await RetentionCommand.OpenAsync(parse.GetValue(db)!, RetentionCommand.Clock, 1_000, cancellationToken);
            await using var databaseScope = database;
            await RetentionCommand.RequireChainAsync(database, parse.GetValue(db)!, parse.GetValue(chain)!, cancellationToken);
            var receipt = await RetentionCommand.RefusalsAsUsageAsync(() => retention.PlaceHoldAsync(parse.GetValue(chain)!, hold, parse.GetValue(actor)!, cancellationToken));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Placed hold {hold} at entry {receipt.FirstSequence} of chain {receipt.ChainId}.");
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
        var actor = new Option<string>("--actor") { Description = "Who releases it.", Required = true };
        var command = new Command("release", "Release a legal hold (a hold.released entry).") { db, chain, id, reason, actor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (database, retention) = await RetentionCommand.OpenAsync(parse.GetValue(db)!, RetentionCommand.Clock, 1_000, cancellationToken);
            await using var databaseScope = database;
            await RetentionCommand.RequireChainAsync(database, parse.GetValue(db)!, parse.GetValue(chain)!, cancellationToken);
            var receipt = await RetentionCommand.RefusalsAsUsageAsync(() => retention.ReleaseHoldAsync(
                parse.GetValue(chain)!, parse.GetValue(id)!, parse.GetValue(actor)!, parse.GetValue(reason)!, cancellationToken));
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Released hold {parse.GetValue(id)} at entry {receipt.FirstSequence} of chain {receipt.ChainId}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
