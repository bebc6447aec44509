using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// Plans a purge of one chain: fed the chain's entries in sequence order, it decides for each entry
/// with a payload which policy governs it, when it expires, and whether a hold protects it. Pure
/// computation; memory grows with the entries policies govern, not with payload sizes.
/// </summary>
/// <remarks>
/// The governing policy of an entry is the active policy whose pattern matches its type most
/// specifically (exact, longest prefix, <c>*</c>); among equally specific ones the latest expiry wins.
/// An entry is kept while any governing policy is refused, or counts from a last-effective date that
/// has not come (its subject is still in effect). Reserved entry types are never purged. Not thread-safe.
/// </remarks>
public sealed class RetentionPlanner
{
    private Instant? _newestRecordedAt;
    private readonly string _chainId;
    private readonly long _chainSize;
    private readonly Instant _asOf;
    private readonly RetentionRules _rules;
    private readonly PolicyState[] _policies;
    private readonly List<Candidate> _candidates = [];
    private readonly List<string> _blockers = [];
    private readonly List<RefusedPolicy> _refused = [];

    /// <summary>Creates a planner for one chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="chainSize">How many entries the chain holds; later entries are ignored.</param>
    /// <param name="asOf">The instant to evaluate expiry at.</param>
    /// <param name="rules">The rules the chain records (see <see cref="RetentionRules.FromEntries"/>).</param>
    /// <param name="options">The regulatory minimums.</param>
    public RetentionPlanner(string chainId, long chainSize, Instant asOf, RetentionRules rules, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        _chainId = chainId;
        _chainSize = chainSize;
        _asOf = asOf;
        _rules = rules;
        var minimums = new Dictionary<string, Period>(options.RegulatoryMinimums, StringComparer.Ordinal);
        _policies = rules.Policies.Select(p => new PolicyState(p, rules.Refusal(p, minimums))).ToArray();
        foreach (var policy in _policies.Where(p => p.Refusal is not null))
        {
            _refused.Add(new RefusedPolicy(policy.Recorded.Policy.Id, policy.Recorded.Sequence, policy.Refusal!));
        }

        foreach (var problem in rules.Problems)
        {
            _blockers.Add($"a retention rule entry cannot be trusted: {problem}");
        }
    }

    /// <summary>Adds the next entry of the chain, in sequence order.</summary>
    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence < _chainSize && (_newestRecordedAt is not { } newest || entry.RecordedAt > newest))
        {
            _newestRecordedAt = entry.RecordedAt;
        }

        if (entry.Sequence >= _chainSize || RetentionEntryTypes.IsReserved(entry.EntryType))
        {
            return;
        }

        var best = -1;
        List<int>? governing = null;
        for (var i = 0; i < _policies.Length; i++)
        {
            var state = _policies[i];
            var policy = state.Recorded.Policy;
            if (policy.Basis == RetentionBasis.LastEffective && policy.IsInGroup(entry.EntryType))
            {
                state.Observe(entry);
            }

            var match = policy.Covers(entry.EntryType);
            if (match < 0 || match < best)
            {
                continue;
            }

            if (match > best)
            {
                best = match;
                governing = [];
            }

            governing!.Add(i);
        }

        if (governing is not null && entry.Payload is not null)
        {
            _candidates.Add(new Candidate(entry.Sequence, entry.EntryType, entry.Subject, entry.OccurredAt, entry.RecordedAt, governing.ToArray()));
        }
    }

    /// <summary>Records a reason nothing may be purged (for example, the chain does not verify).</summary>
    public void Block(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        _blockers.Add(reason);
    }

    /// <summary>Decides every entry added and returns the plan.</summary>
    public RetentionPlan Build()
    {
        var purges = new List<PlannedPurge>();
        var held = new List<HeldEntry>();
        var holds = _rules.Holds;
        if (_blockers.Count == 0)
        {
            foreach (var candidate in _candidates)
            {
                if (Decide(candidate) is not { } expired || expired.ExpiresAt > _asOf)
                {
                    continue;
                }

                var covering = holds.Where(h => h.Hold.Covers(candidate.EntryType, candidate.Subject, candidate.OccurredAt, candidate.RecordedAt)).ToList();
                if (covering.Count > 0)
                {
                    held.Add(new HeldEntry(expired, covering));
                }
                else
                {
                    purges.Add(expired);
                }
            }
        }

        var accepted = _policies.Where(p => p.Refusal is null).Select(p => p.Recorded).ToList();
        return new RetentionPlan(_chainId, _asOf, _chainSize, accepted, holds, purges, held, _refused.ToArray(), _blockers.ToArray(), _newestRecordedAt,
            _rules.Ignored);
    }

    /// <summary>The latest expiry among the governing policies, or <see langword="null"/> when the entry is kept indefinitely for now.</summary>
    private PlannedPurge? Decide(Candidate candidate)
    {
        PlannedPurge? latest = null;
        foreach (var index in candidate.Policies)
        {
            var state = _policies[index];
            if (state.Refusal is not null)
            {
                return null;
            }

            var policy = state.Recorded.Policy;
            var basisAt = candidate.RecordedAt;
            if (policy.Basis == RetentionBasis.LastEffective)
            {
                if (state.LastEffective(candidate.Subject) is not { } lastEffective)
                {
                    return null; // still in effect
                }

                basisAt = Instant.Max(basisAt, lastEffective);
            }

            var basisDate = RetentionCalendar.DateOf(basisAt, policy.TimeZone);
            var expiresOn = RetentionCalendar.ExpiresOn(basisDate, policy.Period);
            var expiresAt = policy.TimeZone.AtStartOfDay(expiresOn).ToInstant();
            if (latest is null || expiresAt > latest.ExpiresAt)
            {
                latest = new PlannedPurge(candidate.Sequence, candidate.EntryType, candidate.Subject, candidate.OccurredAt, candidate.RecordedAt,
                    policy.Id, state.Recorded.Sequence, policy.Basis, basisAt, basisDate, expiresOn, expiresAt);
            }
        }

        return latest;
    }

    private sealed record Candidate(long Sequence, string EntryType, string Subject, Instant OccurredAt, Instant RecordedAt, int[] Policies);

    /// <summary>A policy, whether it is refused, and for the last-effective basis the state of each subject's group.</summary>
    private sealed class PolicyState(RecordedPolicy recorded, string? refusal)
    {
        private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

        public RecordedPolicy Recorded { get; } = recorded;

        public string? Refusal { get; } = refusal;

        public void Observe(LedgerEntry entry)
        {
            var ends = Recorded.Policy.IsEnding(entry.EntryType);
            _groups[entry.Subject] = _groups.TryGetValue(entry.Subject, out var group)
                ? new Group(ends, Instant.Max(group.LatestOccurredAt, entry.OccurredAt))
                : new Group(ends, entry.OccurredAt);
        }

        /// <summary>The subject's last-effective instant once its latest entry ended it, else <see langword="null"/>.</summary>
        public Instant? LastEffective(string subject) =>
            _groups.TryGetValue(subject, out var group) && group.Ended ? group.LatestOccurredAt : null;

        private readonly record struct Group(bool Ended, Instant LatestOccurredAt);
    }
}
