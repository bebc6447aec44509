using ComplianceKit.Administration;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Retention;

/// <summary>A chain built in memory with the real linker, stamped by a <see cref="FakeClock"/>, with retention's entries written as the store writes them.</summary>
internal sealed class TestChain
{
    public const string Id = "clinic";

    private static readonly ComplianceKitOptions Options = new();
    private static readonly PayloadPrivacyGuard Guard = new(allowPhi: false);
    private readonly ChainState _state = ChainState.Empty(Id);
    private readonly List<LedgerEntry> _entries = [];

    public TestChain(Instant start) => Clock = new FakeClock(start);

    public FakeClock Clock { get; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    public LedgerEntry Append(string entryType, string subject, string json = "{}", Instant? occurredAt = null) =>
        Append(EntryDraft.FromJson(entryType, subject, "tester", json, occurredAt));

    public LedgerEntry Append(EntryDraft draft)
    {
        var entry = ChainLinker.Link(_state, [PreparedEntry.Prepare(draft, Options, Guard)], Clock.GetCurrentInstant(), [])[0];
        _entries.Add(entry);
        return entry;
    }

    public LedgerEntry SetPolicy(RetentionPolicy policy, RetentionOverride? approval = null, Period? minimum = null)
    {
        if (approval is not null)
        {
            Append(new EntryDraft(RetentionEntryTypes.OverrideApproved, RetentionSubjects.Policy(policy.Id), "admin",
                RetentionPayloads.Override(policy.Id, policy.Category, policy.Period, minimum ?? Period.FromYears(6), approval)));
        }

        return Append(new EntryDraft(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy(policy.Id), "admin", RetentionPayloads.Policy(policy)));
    }

    public LedgerEntry PlaceHold(LegalHold hold, string placedBy = "counsel:lee") =>
        Append(new EntryDraft(RetentionEntryTypes.HoldPlaced, RetentionSubjects.Hold(hold.Id), placedBy, RetentionPayloads.HoldPlaced(hold)));

    public LedgerEntry ReleaseHold(string holdId) =>
        Append(new EntryDraft(RetentionEntryTypes.HoldReleased, RetentionSubjects.Hold(holdId), "counsel:lee", RetentionPayloads.HoldReleased(holdId, "matter closed")));

    public LedgerEntry RecordPurge(string policyId, long policySequence, params long[] sequences)
    {
        foreach (var sequence in sequences)
        {
            var index = _entries.FindIndex(e => e.Sequence == sequence);
            _entries[index] = WithoutPayload(_entries[index]);
        }

        return Append(new EntryDraft(RetentionEntryTypes.Purged, RetentionSubjects.Policy(policyId), "officer:kim",
            RetentionPayloads.Purged(policyId, policySequence, Clock.GetCurrentInstant(), SequenceRange.Compact(sequences))));
    }

    public void RemovePayload(long sequence)
    {
        var index = _entries.FindIndex(e => e.Sequence == sequence);
        _entries[index] = WithoutPayload(_entries[index]);
    }

    /// <summary>Plans under <paramref name="trust"/>; by default the weaker mode, so the mechanics tests read unsigned rule entries.</summary>
    public RetentionPlan Plan(Instant asOf, RetentionOptions? options = null, AdministrationTrust? trust = null)
    {
        var planner = new RetentionPlanner(Id, _state.Size, asOf, RetentionRules.FromEntries(_entries, trust ?? AdministrationTrust.UnsignedAllowed()),
            options ?? new RetentionOptions());
        foreach (var entry in _entries)
        {
            planner.Add(entry);
        }

        return planner.Build();
    }

    public static LedgerEntry WithoutPayload(LedgerEntry e) => new()
    {
        ChainId = e.ChainId, Sequence = e.Sequence, EntryType = e.EntryType, Subject = e.Subject, Actor = e.Actor,
        OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, Payload = null, PayloadSalt = null,
        PayloadDigest = e.PayloadDigest, PreviousHash = e.PreviousHash, EntryHash = e.EntryHash,
    };
}
