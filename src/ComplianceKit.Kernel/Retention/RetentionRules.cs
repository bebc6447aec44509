using ComplianceKit.Administration;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// The retention rules a chain records, replayed from its entries in sequence order: the active
/// policies (the latest definition of each id not retired since), the overrides of category minimums,
/// and the active legal holds. Rule entries are administrative (docs/FORMAT.md, section 7.1): only those
/// that count under the <see cref="AdministrationTrust"/> (signed by an administrator under the pinned root,
/// or accepted by the explicit weaker mode) are replayed. Pure computation.
/// </summary>
/// <remarks>
/// A rule entry that cannot be trusted (payload absent, not matching its digest, or not readable as
/// docs/FORMAT.md describes) is listed in <see cref="Problems"/>; a planner plans nothing while there
/// are any, because an unreadable hold might have protected anything. A readable rule entry that does not
/// count (unsigned, signed by someone who is not an administrator, misplaced, replayed) is listed in
/// <see cref="Ignored"/> and changes nothing: an unsigned policy purges nothing, an unsigned hold keeps nothing.
/// Not thread-safe.
/// </remarks>
public sealed class RetentionRules
{
    private readonly Dictionary<string, RecordedPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RecordedOverride>> _overrides = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RecordedHold>> _holds = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly AdministrativeState _administration;

    /// <summary>Creates empty rules whose entries are judged under <paramref name="trust"/>.</summary>
    public RetentionRules(AdministrationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _administration = new AdministrativeState(trust);
    }

    /// <summary>The trust rule entries are judged under.</summary>
    public AdministrationTrust Trust => _administration.Trust;

    /// <summary>Rule entries that do not count (unsigned, not signed by an administrator, misplaced, replayed), each named with why.</summary>
    public IReadOnlyList<AdministrativeFinding> Ignored => _administration.Findings;

    /// <summary>The active policies, by id.</summary>
    public IReadOnlyList<RecordedPolicy> Policies => _policies.Values.OrderBy(p => p.Sequence).ToList();

    /// <summary>The active holds, in the order they were placed.</summary>
    public IReadOnlyList<RecordedHold> Holds => _holds.Values.SelectMany(h => h).OrderBy(h => h.Sequence).ToList();

    /// <summary>Every override recorded, in chain order.</summary>
    public IReadOnlyList<RecordedOverride> Overrides => _overrides.Values.SelectMany(o => o).OrderBy(o => o.Sequence).ToList();

    /// <summary>Rule entries that could not be read; nothing should be purged while there are any.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The highest sequence of a rule entry applied so far, or -1.</summary>
    public long LastRuleSequence { get; private set; } = -1;

    /// <summary>Replays a chain's rule entries (other types are ignored), counting only those that count under <paramref name="trust"/>.</summary>
    public static RetentionRules FromEntries(IEnumerable<LedgerEntry> entries, AdministrationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var rules = new RetentionRules(trust);
        foreach (var entry in entries)
        {
            rules.Apply(entry);
        }

        return rules;
    }

    /// <summary>Whether <paramref name="entryType"/> is one of the types that change the rules.</summary>
    public static bool IsRuleType(string entryType) => entryType is RetentionEntryTypes.PolicySet or RetentionEntryTypes.PolicyRetired
        or RetentionEntryTypes.OverrideApproved or RetentionEntryTypes.HoldPlaced or RetentionEntryTypes.HoldReleased;

    /// <summary>
    /// Applies the next entry, in sequence order; returns whether it was a rule entry (changed the rules, added a problem, or
    /// was ignored as not counting).
    /// </summary>
    public bool Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsRuleType(entry.EntryType))
        {
            return false;
        }

        LastRuleSequence = Math.Max(LastRuleSequence, entry.Sequence);
        if (!PayloadHolds(entry))
        {
            _problems.Add($"entry {entry.Sequence} ({entry.EntryType}) has no payload, or one that does not match its digest");
            return true;
        }

        if (!_administration.Apply(entry))
        {
            if (_administration.Findings.LastOrDefault(f => f.Sequence == entry.Sequence) is { Kind: AdministrativeFindingKind.Malformed } malformed)
            {
                _problems.Add($"entry {entry.Sequence} ({entry.EntryType}) cannot be read: {malformed.Message}");
            }

            return true; // signed by no administrator: named in Ignored, changes nothing
        }

        var applied = entry.EntryType switch
        {
            RetentionEntryTypes.PolicySet => SetPolicy(entry),
            RetentionEntryTypes.PolicyRetired => RetirePolicy(entry),
            RetentionEntryTypes.OverrideApproved => AddOverride(entry),
            RetentionEntryTypes.HoldPlaced => PlaceHold(entry),
            _ => ReleaseHold(entry),
        };
        if (!applied)
        {
            _problems.Add($"entry {entry.Sequence} ({entry.EntryType}) cannot be read as the format describes (FORMAT.md, section 9; compliancekit docs format)");
        }

        return true;
    }

    /// <summary>The active policy with this id, if any.</summary>
    public RecordedPolicy? FindPolicy(string policyId) => _policies.GetValueOrDefault(policyId);

    /// <summary>Whether a hold with this id is active.</summary>
    public bool IsHoldActive(string holdId) => _holds.ContainsKey(holdId);

    /// <summary>
    /// Why <paramref name="policy"/> may not be applied, or <see langword="null"/> when it may: its period
    /// must not be shorter than its category's minimum unless the latest override for its id recorded
    /// before it, in the same category, approves a period no longer than the policy's.
    /// </summary>
    public string? Refusal(RecordedPolicy policy, IReadOnlyDictionary<string, Period> minimums)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(minimums);
        var definition = policy.Policy;
        if (!minimums.TryGetValue(definition.Category, out var minimum) || !RetentionCalendar.IsShorter(definition.Period, minimum))
        {
            return null;
        }

        var approval = FindOverride(policy);
        return approval is not null
            ? null
            : $"its period {RetentionPayloads.FormatPeriod(definition.Period)} is shorter than the {definition.Category} minimum {RetentionPayloads.FormatPeriod(minimum)} and no override recorded before it (entry {policy.Sequence}) approves that";
    }

    /// <summary>The override that allows <paramref name="policy"/> below its category minimum, if one was recorded before it.</summary>
    public RecordedOverride? FindOverride(RecordedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var latest = _overrides.GetValueOrDefault(policy.Policy.Id)?.LastOrDefault(o => o.Sequence < policy.Sequence);
        return latest is not null
            && string.Equals(latest.Category, policy.Policy.Category, StringComparison.Ordinal)
            && !RetentionCalendar.IsShorter(policy.Policy.Period, latest.Period)
            ? latest
            : null;
    }

    private static bool PayloadHolds(LedgerEntry entry) =>
        entry.Payload is not null && entry.PayloadSalt is { Length: EntryEncoding.SaltSize } && entry.PayloadDigest.Length == Sha256Digest.Size
        && EntryEncoding.ComputePayloadDigest(entry.PayloadSalt, entry.Payload).AsSpan().SequenceEqual(entry.PayloadDigest);

    private bool SetPolicy(LedgerEntry entry)
    {
        if (RetentionPayloads.ReadPolicy(entry.Payload) is not { } policy)
        {
            return false;
        }

        _policies[policy.Id] = new RecordedPolicy(policy, entry.Sequence, entry.Actor, entry.RecordedAt);
        return true;
    }

    private bool RetirePolicy(LedgerEntry entry)
    {
        if (RetentionPayloads.ReadPolicyRetired(entry.Payload) is not { } id)
        {
            return false;
        }

        _policies.Remove(id);
        return true;
    }

    private bool AddOverride(LedgerEntry entry)
    {
        if (RetentionPayloads.ReadOverride(entry.Payload, entry.Sequence) is not { } approval)
        {
            return false;
        }

        if (!_overrides.TryGetValue(approval.PolicyId, out var list))
        {
            _overrides[approval.PolicyId] = list = [];
        }

        list.Add(approval);
        return true;
    }

    private bool PlaceHold(LedgerEntry entry)
    {
        if (RetentionPayloads.ReadHoldPlaced(entry.Payload) is not { } hold)
        {
            return false;
        }

        if (!_holds.TryGetValue(hold.Id, out var list))
        {
            _holds[hold.Id] = list = [];
        }

        list.Add(new RecordedHold(hold, entry.Actor, entry.Sequence, entry.RecordedAt));
        return true;
    }

    private bool ReleaseHold(LedgerEntry entry)
    {
        if (RetentionPayloads.ReadHoldReleased(entry.Payload) is not { } id)
        {
            return false;
        }

        _holds.Remove(id);
        return true;
    }
}
