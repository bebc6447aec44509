using ComplianceKit.Ledger;

namespace ComplianceKit.Testing.Ledger;

/// <summary>Copies entries in and out of the in-memory store, so a caller changing an entry's arrays never changes the store.</summary>
internal static class InMemoryEntries
{
    public static LedgerEntry Copy(LedgerEntry entry) => new()
    {
        ChainId = entry.ChainId,
        Sequence = entry.Sequence,
        EntryType = entry.EntryType,
        Subject = entry.Subject,
        Actor = entry.Actor,
        OccurredAt = entry.OccurredAt,
        RecordedAt = entry.RecordedAt,
        Payload = entry.Payload?.ToArray(),
        PayloadSalt = entry.PayloadSalt?.ToArray(),
        PayloadDigest = entry.PayloadDigest.ToArray(),
        PreviousHash = entry.PreviousHash.ToArray(),
        EntryHash = entry.EntryHash.ToArray(),
    };
}
