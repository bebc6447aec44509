using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>retention apply --json</c> (documented in README).</summary>
internal sealed record RetentionApplyJson(string Database, string Actor, string AsOf, IReadOnlyList<RetentionApplyJson.Chain> Chains)
{
    public static RetentionApplyJson From(string database, string actor, IReadOnlyList<(RetentionPlan Plan, RetentionApplyResult? Result)> outcomes) =>
        new(database, actor, outcomes.Count > 0 ? CliInstants.Format(outcomes[0].Plan.AsOf) : "", outcomes.Select(o => new Chain(
            o.Plan.ChainId,
            o.Plan.Blockers,
            o.Plan.Purges.Count,
            o.Result?.PurgedCount ?? 0,
            o.Plan.Held.Count,
            (o.Result?.Batches ?? []).Select(b => new Batch(b.Number, b.PurgeSequence, b.PolicyId, b.Count, b.Ranges.Select(r => new[] { r.First, r.Last }).ToList())).ToList(),
            (o.Result?.Skipped ?? []).Select(s => new Skipped(s.Sequence, s.Reason)).ToList(),
            o.Plan.IgnoredRules.Select(f => new RetentionPlanJson.Ignored(f.Sequence, f.EntryType, f.Subject, f.Kind.ToString(), f.Message)).ToList())).ToList());

    internal sealed record Chain(string ChainId, IReadOnlyList<string> Blockers, int Planned, long Purged, int Held, IReadOnlyList<Batch> Batches, IReadOnlyList<Skipped> Skipped,
        IReadOnlyList<RetentionPlanJson.Ignored> IgnoredRules);

    internal sealed record Batch(int Number, long PurgeEntry, string Policy, long Count, IReadOnlyList<long[]> Ranges);

    internal sealed record Skipped(long Sequence, string Reason);
}
