using ComplianceKit.Cli.Hosting;
using ComplianceKit.Retention;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>retention plan --json</c> (documented in README, "retention plan --json").</summary>
internal sealed record RetentionPlanJson(string Database, string AsOf, IReadOnlyList<RetentionPlanJson.Chain> Chains)
{
    public static RetentionPlanJson From(string database, IReadOnlyList<RetentionPlan> plans) =>
        new(database, plans.Count > 0 ? CliInstants.Format(plans[0].AsOf) : "", plans.Select(p => new Chain(
            p.ChainId,
            p.ChainSize,
            p.Blockers,
            p.Policies.Select(r => new Policy(r.Policy.Id, r.Sequence, r.Policy.EntryTypes, r.Policy.Period.ToString(), r.Policy.Basis, r.Policy.Category,
                r.Policy.TimeZone.Id, r.Policy.EndedBy)).ToList(),
            p.Refused.Select(r => new Refused(r.PolicyId, r.Sequence, r.Reason)).ToList(),
            p.Holds.Select(h => new Hold(h.Hold.Id, h.Sequence, h.PlacedBy, h.Hold.Reason, h.Hold.Subject, h.Hold.EntryType,
                h.Hold.From is { } from ? CliInstants.Format(from) : null, h.Hold.Until is { } until ? CliInstants.Format(until) : null)).ToList(),
            p.Purges.Select(Purge.From).ToList(),
            p.Held.Select(h => new Held(Purge.From(h.Expired), h.Holds.Select(x => x.Hold.Id).ToList())).ToList(),
            p.IgnoredRules.Select(f => new Ignored(f.Sequence, f.EntryType, f.Subject, f.Kind.ToString(), f.Message)).ToList())).ToList());

    internal sealed record Chain(string ChainId, long ChainSize, IReadOnlyList<string> Blockers, IReadOnlyList<Policy> Policies,
        IReadOnlyList<Refused> Refused, IReadOnlyList<Hold> Holds, IReadOnlyList<Purge> Purges, IReadOnlyList<Held> Held, IReadOnlyList<Ignored> IgnoredRules);

    /// <summary>A rule entry the plan ignored because no administrator signed it (kind as in docs/FORMAT.md, 7.1).</summary>
    internal sealed record Ignored(long Entry, string EntryType, string Subject, string Kind, string Message);

    internal sealed record Policy(string Id, long Entry, IReadOnlyList<string> EntryTypes, string Period, RetentionBasis Basis, string Category,
        string TimeZone, IReadOnlyList<string> EndedBy);

    internal sealed record Refused(string Policy, long Entry, string Reason);

    internal sealed record Hold(string Id, long Entry, string PlacedBy, string Reason, string? Subject, string? EntryType, string? From, string? Until);

    internal sealed record Purge(long Sequence, string EntryType, string Subject, string Policy, long PolicyEntry, RetentionBasis Basis,
        string BasisAt, string BasisDate, string ExpiresOn, string ExpiresAt)
    {
        public static Purge From(PlannedPurge p) => new(p.Sequence, p.EntryType, p.Subject, p.PolicyId, p.PolicySequence, p.Basis,
            CliInstants.Format(p.BasisAt), p.BasisDate.ToString("uuuu-MM-dd", null), p.ExpiresOn.ToString("uuuu-MM-dd", null), CliInstants.Format(p.ExpiresAt));
    }

    internal sealed record Held(Purge Expired, IReadOnlyList<string> Holds);
}
