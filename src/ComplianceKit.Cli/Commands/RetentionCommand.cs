using System.CommandLine;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit retention plan|apply|policy|retire</c>: plan and apply purges under the policies a
/// ledger records (only those an administrator signed count, unless <c>--unsigned-administration</c>), and record
/// policies. 0 done, 1 nothing purged because a chain does not verify, a rule entry ignored as not signed by an administrator
/// (named; the rest of the plan still applies), or a signer who is not an administrator refused, 2 unusable input.
/// </summary>
internal static class RetentionCommand
{
    public static Command Create() => new("retention", "Plan and apply retention purges; record retention policies.")
    {
        CreatePlan(),
        CreateApply(),
        RetentionPolicyCommand.CreateSet(),
        RetentionPolicyCommand.CreateRetire(),
    };

    /// <summary>
    /// Opens the ledger for writing and wraps retention over it, with the default regulatory minimums; rule entries count
    /// only when they count under <paramref name="trust"/> (the pinned administration root, or the explicit weaker mode).
    /// </summary>
    internal static async Task<(LedgerDatabase Database, EntityFrameworkRetention<ComplianceKitDbContext> Retention)> OpenAsync(
        LedgerLocation path, AdministrationTrust trust, IClock clock, int batchSize, CancellationToken cancellationToken, Duration? maxClockSkew = null)
    {
        var database = await LedgerDatabase.OpenWritableAsync(path, clock, kit =>
        {
            kit.AddRetention(o =>
            {
                o.BatchSize = batchSize;
                o.MaxClockSkew = maxClockSkew ?? o.MaxClockSkew;
            });
            kit.Services.AddSingleton(trust); // the root the command resolved, not one from options
        }, cancellationToken).ConfigureAwait(false);
        var retention = (EntityFrameworkRetention<ComplianceKitDbContext>)database.Services.GetRequiredService<IRetentionLedger>();
        return (database, retention);
    }

    /// <summary>Runs a write, turning a refusal into a one-line usage error.</summary>
    internal static async Task<T> RefusalsAsUsageAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RetentionException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (LedgerValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static Command CreatePlan()
    {
        var db = DbOption();
        var chain = ChainOption();
        var at = AtOption("Evaluate expiry at this instant (default: now); may be in the future, to preview.");
        var json = new Option<bool>("--json") { Description = "Print every planned entry as JSON instead of a summary." };
        var command = new Command("plan", "Show exactly what a purge would remove and why, and what holds protect. Writes nothing.") { db, chain, at, json };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => PlanAsync(parse.GetValue(db)!, administration.Resolve(parse, parse.GetValue(db)!).Trust, parse.GetValue(chain),
            parse.GetValue(at), parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static Command CreateApply()
    {
        var db = DbOption();
        var chain = ChainOption();
        var at = AtOption("Evaluate expiry at this instant (default: now); never later than now.");
        var actor = new Option<string>("--actor") { Description = "Who applies the purge, for example officer:kim; recorded in every purge entry.", Required = true };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = $"Entries per purge transaction (1 to {RetentionOptions.MaxBatchSize}); appends wait for at most one batch.",
            DefaultValueFactory = _ => 1_000,
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var skewDays = new Option<int>("--max-clock-skew-days")
        {
            Description = "Refuse when now is more than this many days past the chain's newest entry (a clock that jumped forward).",
            DefaultValueFactory = _ => (int)new RetentionOptions().MaxClockSkew.TotalDays,
        };
        var skewReason = new Option<string?>("--clock-skew-reason") { Description = "Apply anyway past the clock skew; the reason is recorded in the ledger with --decided-by." };
        var decidedBy = new Option<string?>("--decided-by") { Description = "Who decided the clock skew override, for example officer:privacy." };
        var command = new Command("apply", "Plan, then purge payloads and salts in batches, each recorded by a retention.purged entry.")
        {
            db, chain, at, actor, batchSize, json, skewDays, skewReason, decidedBy,
        };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var reason = parse.GetValue(skewReason);
            var decider = parse.GetValue(decidedBy);
            if ((reason is null) != (decider is null))
            {
                throw new UsageException("a clock skew override needs both --clock-skew-reason and --decided-by.");
            }

            var skew = new ClockSkew(parse.GetValue(skewDays), reason is null ? null : new RetentionOverride(reason, decider!));
            return ApplyAsync(parse.GetValue(db)!, administration.Resolve(parse, parse.GetValue(db)!).Trust, parse.GetValue(chain), parse.GetValue(at), parse.GetValue(actor)!,
                parse.GetValue(batchSize), skew, parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> PlanAsync(LedgerLocation path, AdministrationTrust trust, string? chainId, string? at, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var asOf = CliInstants.ParseOptional(at, "--at");
        var (database, retention) = await OpenAsync(path, trust, Clock, 1_000, cancellationToken).ConfigureAwait(false);
        await using var databaseScope = database.ConfigureAwait(false);
        var plans = new List<RetentionPlan>();
        foreach (var chain in await ChainsAsync(database, path, chainId, cancellationToken).ConfigureAwait(false))
        {
            plans.Add(await retention.PlanAsync(chain, asOf, cancellationToken).ConfigureAwait(false));
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(RetentionPlanJson.From(path, plans), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            RetentionPlanText.Write(output, path, plans);
        }

        // A rule entry no administrator signed is a finding, as in verify --db: the plan goes by the others.
        return plans.Any(p => p.IgnoredRules.Count > 0) ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    private static async Task<int> ApplyAsync(LedgerLocation path, AdministrationTrust trust, string? chainId, string? at, string actor, int batchSize, ClockSkew skew, bool json, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (skew.Days < 1)
        {
            throw new UsageException($"--max-clock-skew-days must be at least 1; got {skew.Days}.");
        }

        var asOf = CliInstants.ParseOptional(at, "--at");
        if (batchSize is < 1 or > RetentionOptions.MaxBatchSize)
        {
            throw new UsageException($"--batch-size must be 1 to {RetentionOptions.MaxBatchSize}; got {batchSize}.");
        }

        var (database, retention) = await OpenAsync(path, trust, Clock, batchSize, cancellationToken, Duration.FromDays(skew.Days)).ConfigureAwait(false);
        await using var databaseScope = database.ConfigureAwait(false);
        var outcomes = new List<(RetentionPlan Plan, RetentionApplyResult? Result)>();
        foreach (var chain in await ChainsAsync(database, path, chainId, cancellationToken).ConfigureAwait(false))
        {
            var plan = await retention.PlanAsync(chain, asOf, cancellationToken).ConfigureAwait(false);
            var result = plan.Blockers.Count > 0
                ? null
                : await RefusalsAsUsageAsync(() => retention.ApplyAsync(plan, actor, skew.Override, progress: null, cancellationToken)).ConfigureAwait(false);
            outcomes.Add((plan, result));
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(RetentionApplyJson.From(path, actor, outcomes), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            RetentionApplyText.Write(output, path, actor, outcomes);
        }

        return outcomes.Any(o => o.Result is null || o.Plan.IgnoredRules.Count > 0) ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<string>> ChainsAsync(LedgerDatabase database, LedgerLocation path, string? chainId, CancellationToken cancellationToken)
    {
        var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        if (chainId is null)
        {
            return chains;
        }

        return chains.Contains(chainId, StringComparer.Ordinal)
            ? [chainId]
            : throw new UsageException($"'{path}' holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
    }

    /// <summary>Refuses a chain the ledger does not hold, so a mistyped --chain does not start a new one.</summary>
    internal static async Task RequireChainAsync(LedgerDatabase database, LedgerLocation path, string chainId, CancellationToken cancellationToken) =>
        await ChainsAsync(database, path, chainId, cancellationToken).ConfigureAwait(false);

    internal static Option<LedgerLocation> DbOption() => DatabaseOption.Create("The ledger database.");

    private static Option<string?> ChainOption() => new("--chain") { Description = "Only this chain (default: every chain)." };

    private static Option<string?> AtOption(string description) => new("--at") { Description = description };

    internal static IClock Clock => CliHost.Clock;

    /// <summary>The clock skew apply allows, and the operator's override past it.</summary>
    private sealed record ClockSkew(int Days, RetentionOverride? Override);
}
