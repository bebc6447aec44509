using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Tests.Projection;

/// <summary>Turns drafts into entries as a ledger would hand them out (canonical payload, sequence, recorded-at); hashes are not computed: the projector does not read them.</summary>
internal sealed class EntryFactory(Instant start, string chainId = "c")
{
    private long _sequence;
    private Instant _now = start;

    public Instant Now => _now;

    public LedgerEntry From(EntryDraft draft)
    {
        _now += Duration.FromSeconds(1);
        return new LedgerEntry
        {
            ChainId = chainId, Sequence = _sequence++, EntryType = draft.EntryType, Subject = draft.Subject, Actor = draft.Actor,
            OccurredAt = draft.OccurredAt ?? _now, RecordedAt = _now, Payload = JsonCanonicalizer.Canonicalize(draft.Payload.Span), PayloadSalt = new byte[32],
            PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
        };
    }

    public LedgerEntry Raw(string entryType, string json) => From(EntryDraft.FromJson(entryType, "subject:x", "actor", json));

    public void Skip(Duration duration) => _now += duration;
}
