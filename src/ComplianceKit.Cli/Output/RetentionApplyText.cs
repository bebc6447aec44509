using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>retention apply</c>: the batches committed and what was left in place.</summary>
internal static class RetentionApplyText
{
    public static void Write(TextWriter output, string database, string actor, IReadOnlyList<(RetentionPlan Plan, RetentionApplyResult? Result)> outcomes)
    {
        output.WriteLine($"Ledger {database}: retention applied by {actor} as of {(outcomes.Count > 0 ? CliInstants.Format(outcomes[0].Plan.AsOf) : "now")}");
        foreach (var (plan, result) in outcomes)
        {
            if (result is null)
            {
                output.WriteLine($"  chain {plan.ChainId}: NOTHING PURGED: {string.Join("; ", plan.Blockers)}");
                continue;
            }

            output.WriteLine($"  chain {plan.ChainId}: purged {result.PurgedCount} of {plan.Purges.Count} planned entries in {result.Batches.Count} batch(es); {plan.Held.Count} held");
            foreach (var batch in result.Batches)
            {
                output.WriteLine($"    batch {batch.Number}: purge entry {batch.PurgeSequence}, policy {batch.PolicyId}, {RetentionPlanText.Describe(batch.Ranges.SelectMany(Expand))}");
            }

            foreach (var skipped in result.Skipped)
            {
                output.WriteLine($"    kept entry {skipped.Sequence}: {skipped.Reason}");
            }

            RetentionPlanText.WriteIgnored(output, plan);
        }
    }

    private static IEnumerable<long> Expand(SequenceRange range)
    {
        for (var sequence = range.First; sequence <= range.Last; sequence++)
        {
            yield return sequence;
        }
    }
}
