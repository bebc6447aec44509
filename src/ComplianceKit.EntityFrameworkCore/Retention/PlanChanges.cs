using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;

namespace ComplianceKit.EntityFrameworkCore.Retention;

/// <summary>
/// What the chain recorded after a plan was made, read under each batch's lock, so an apply never
/// purges what a later hold, policy change or newer subject entry would keep. Memory grows with the
/// relevant entries appended since the plan, not with the chain.
/// </summary>
internal sealed class PlanChanges
{
    private readonly Dictionary<string, RecordedPolicy> _planned;
    private readonly Dictionary<string, long> _changedPolicies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string PolicyId, string Subject), long> _newerSubjectEntries = [];
    private readonly List<RecordedHold> _newHolds = [];
    private readonly AdministrationTrust _trust;
    private long? _unreadableRule;

    public PlanChanges(RetentionPlan plan, AdministrationTrust trust)
    {
        _trust = trust;
        _planned = plan.Policies.ToDictionary(p => p.Policy.Id, StringComparer.Ordinal);
        CheckedUpTo = plan.ChainSize;
    }

    /// <summary>Entries below this sequence have been observed.</summary>
    public long CheckedUpTo { get; private set; }

    /// <summary>Observes the next entry appended since the plan, in sequence order.</summary>
    public void Observe(LedgerEntry entry)
    {
        CheckedUpTo = Math.Max(CheckedUpTo, entry.Sequence + 1);
        var rules = new RetentionRules(_trust); // a hold no administrator signed keeps nothing, as in the plan
        switch (entry.EntryType)
        {
            case RetentionEntryTypes.HoldPlaced:
                rules.Apply(entry);
                if (rules.Problems.Count > 0)
                {
                    _unreadableRule ??= entry.Sequence;
                }

                _newHolds.AddRange(rules.Holds);
                break;
            case RetentionEntryTypes.PolicySet or RetentionEntryTypes.PolicyRetired or RetentionEntryTypes.OverrideApproved:
                if (PolicyIdOf(entry, _trust) is { } id)
                {
                    _changedPolicies.TryAdd(id, entry.Sequence);
                }
                else
                {
                    _unreadableRule ??= entry.Sequence;
                }

                break;
            case RetentionEntryTypes.HoldReleased or RetentionEntryTypes.Purged:
                break; // a release keeps what the plan held; another purge shows as "already purged"
            default:
                foreach (var recorded in _planned.Values)
                {
                    if (recorded.Policy.Basis == RetentionBasis.LastEffective && recorded.Policy.IsInGroup(entry.EntryType))
                    {
                        _newerSubjectEntries.TryAdd((recorded.Policy.Id, entry.Subject), entry.Sequence);
                    }
                }

                break;
        }
    }

    /// <summary>Why <paramref name="item"/> must now be kept, or <see langword="null"/> when it may still be purged.</summary>
    public string? WhyKeep(PlannedPurge item)
    {
        if (_unreadableRule is { } unreadable)
        {
            return $"rule entry {unreadable}, recorded after the plan, cannot be read; plan again";
        }

        if (_changedPolicies.TryGetValue(item.PolicyId, out var changed))
        {
            return $"policy {item.PolicyId} changed at entry {changed}, after the plan; plan again";
        }

        foreach (var hold in _newHolds)
        {
            if (hold.Hold.Covers(item.EntryType, item.Subject, item.OccurredAt, item.RecordedAt))
            {
                return $"held by {hold.Hold.Id}, placed at entry {hold.Sequence} after the plan";
            }
        }

        if (item.Basis == RetentionBasis.LastEffective && _newerSubjectEntries.TryGetValue((item.PolicyId, item.Subject), out var newer))
        {
            return $"subject {item.Subject} has a newer entry {newer}, after the plan, which may put it back in effect; plan again";
        }

        return null;
    }

    /// <summary>The policy a rule entry concerns, or <see langword="null"/> when the entry cannot be trusted or read.</summary>
    private static string? PolicyIdOf(LedgerEntry entry, AdministrationTrust trust)
    {
        var probe = new RetentionRules(trust);
        probe.Apply(entry); // checks the payload against its digest
        if (probe.Problems.Count > 0)
        {
            return null;
        }

        return entry.EntryType switch
        {
            RetentionEntryTypes.PolicySet => RetentionPayloads.ReadPolicy(entry.Payload)?.Id,
            RetentionEntryTypes.PolicyRetired => RetentionPayloads.ReadPolicyRetired(entry.Payload),
            _ => RetentionPayloads.ReadOverride(entry.Payload, entry.Sequence)?.PolicyId,
        };
    }
}
