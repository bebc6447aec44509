using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Output;

/// <summary>The summary a person reads after <c>retention plan</c>: per chain and policy, how many entries and which sequence ranges.</summary>
internal static class RetentionPlanText
{
    public static void Write(TextWriter output, string database, IReadOnlyList<RetentionPlan> plans)
    {
        output.WriteLine($"Ledger {database}: retention plan as of {(plans.Count > 0 ? CliInstants.Format(plans[0].AsOf) : "now")} (nothing written)");
        foreach (var plan in plans)
        {
            output.WriteLine($"  chain {plan.ChainId}: {plan.ChainSize} entries; {plan.Purges.Count} would be purged, {plan.Held.Count} held");
            foreach (var blocker in plan.Blockers)
            {
                output.WriteLine($"    BLOCKED: {blocker}");
            }

            foreach (var recorded in plan.Policies)
            {
                var purges = plan.Purges.Where(p => p.PolicyId == recorded.Policy.Id).ToList();
                output.WriteLine($"    policy {recorded.Policy} (entry {recorded.Sequence}): {Describe(purges.Select(p => p.Sequence))}");
                if (purges.Count > 0)
                {
                    output.WriteLine($"      expired on {purges.Min(p => p.ExpiresOn):uuuu-MM-dd} to {purges.Max(p => p.ExpiresOn):uuuu-MM-dd} ({recorded.Policy.TimeZone.Id})");
                }
            }

            foreach (var refused in plan.Refused)
            {
                output.WriteLine($"    refused policy {refused.PolicyId} (entry {refused.Sequence}): {refused.Reason}; what it governs is kept");
            }

            foreach (var recorded in plan.Holds)
            {
                var held = plan.Held.Where(h => h.Holds.Contains(recorded)).Select(h => h.Expired.Sequence);
                output.WriteLine($"    hold {recorded.Hold} placed by {recorded.PlacedBy} (entry {recorded.Sequence}), \"{recorded.Hold.Reason}\": protects {Describe(held)}");
            }

            WriteIgnored(output, plan);
        }
    }

    /// <summary>Rule entries no administrator signed: named, because an ignored hold protects nothing.</summary>
    internal static void WriteIgnored(TextWriter output, RetentionPlan plan)
    {
        foreach (var ignored in plan.IgnoredRules)
        {
            output.WriteLine($"    IGNORED {ignored.Kind}: {ignored.Message}");
        }
    }

    /// <summary>"3 entries: 4-6" or "nothing".</summary>
    internal static string Describe(IEnumerable<long> sequences)
    {
        var ranges = SequenceRange.Compact(sequences);
        var count = ranges.Sum(r => r.Count);
        return count == 0 ? "nothing" : $"{count} {(count == 1 ? "entry" : "entries")}: {string.Join(", ", ranges)}";
    }
}
