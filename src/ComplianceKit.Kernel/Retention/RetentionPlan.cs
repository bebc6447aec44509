using ComplianceKit.Administration;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// What a purge would do to one chain, evaluated at <see cref="AsOf"/> over its first
/// <see cref="ChainSize"/> entries: exactly the entries it would purge and why, the expired entries
/// holds protect, and the policies it refuses. Applying the plan purges at most <see cref="Purges"/>.
/// </summary>
public sealed class RetentionPlan
{
    /// <summary>Creates a plan; the planner does this.</summary>
    public RetentionPlan(string chainId, Instant asOf, long chainSize, IReadOnlyList<RecordedPolicy> policies, IReadOnlyList<RecordedHold> holds,
        IReadOnlyList<PlannedPurge> purges, IReadOnlyList<HeldEntry> held, IReadOnlyList<RefusedPolicy> refused, IReadOnlyList<string> blockers,
        Instant? newestRecordedAt = null, IReadOnlyList<AdministrativeFinding>? ignoredRules = null)
    {
        IgnoredRules = ignoredRules ?? [];
        NewestRecordedAt = newestRecordedAt;
        ChainId = chainId;
        AsOf = asOf;
        ChainSize = chainSize;
        Policies = policies;
        Holds = holds;
        Purges = purges;
        Held = held;
        Refused = refused;
        Blockers = blockers;
    }

    /// <summary>The chain.</summary>
    public string ChainId { get; }

    /// <summary>The newest recorded-at among the entries the plan verified (null for an empty chain): the clock skew guard compares now with it.</summary>
    public Instant? NewestRecordedAt { get; }

    /// <summary>The instant the plan was evaluated at; an entry is purged only if it expired at or before it.</summary>
    public Instant AsOf { get; }

    /// <summary>How many entries the chain held when planned; later entries are outside the plan.</summary>
    public long ChainSize { get; }

    /// <summary>The policies the plan applies (accepted and active), in chain order.</summary>
    public IReadOnlyList<RecordedPolicy> Policies { get; }

    /// <summary>The legal holds active when planned.</summary>
    public IReadOnlyList<RecordedHold> Holds { get; }

    /// <summary>The entries the plan would purge, in sequence order.</summary>
    public IReadOnlyList<PlannedPurge> Purges { get; }

    /// <summary>Expired entries that holds protect, in sequence order.</summary>
    public IReadOnlyList<HeldEntry> Held { get; }

    /// <summary>Policies the plan will not apply; what they govern is kept.</summary>
    public IReadOnlyList<RefusedPolicy> Refused { get; }

    /// <summary>
    /// Rule entries the plan did not apply because they do not count as administration (unsigned, not signed by an
    /// administrator under the pinned root, misplaced, replayed): a policy among them purges nothing, a hold among them keeps nothing.
    /// </summary>
    public IReadOnlyList<AdministrativeFinding> IgnoredRules { get; }

    /// <summary>Why nothing may be purged at all (the chain does not verify, a rule entry is unreadable); empty when the plan may be applied.</summary>
    public IReadOnlyList<string> Blockers { get; }
}
