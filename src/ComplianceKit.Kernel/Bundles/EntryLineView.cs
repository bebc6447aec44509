namespace ComplianceKit.Bundles;

/// <summary>
/// The fields of one canonical entry line where they lie in the read buffer (<see cref="CanonicalEntryLine.TryView"/>): texts as
/// their bytes (printable ASCII, so also their UTF-8), integers read, base64 still encoded. Nothing is allocated for it.
/// </summary>
internal ref struct EntryLineView
{
    /// <summary>The chain id, one cached string per distinct value.</summary>
    public string ChainId;

    /// <summary>The chain id's bytes.</summary>
    public ReadOnlySpan<byte> ChainIdUtf8;

    /// <summary>The sequence.</summary>
    public long Sequence;

    /// <summary>The entry type, one cached string per distinct value.</summary>
    public string EntryType;

    /// <summary>The entry type's bytes.</summary>
    public ReadOnlySpan<byte> EntryTypeUtf8;

    /// <summary>The subject's bytes.</summary>
    public ReadOnlySpan<byte> Subject;

    /// <summary>The actor's bytes.</summary>
    public ReadOnlySpan<byte> Actor;

    /// <summary>When the fact happened, in microseconds since the Unix epoch.</summary>
    public long OccurredMicros;

    /// <summary>When the ledger recorded it, in microseconds since the Unix epoch.</summary>
    public long RecordedMicros;

    /// <summary>The payload is <c>null</c> (purged).</summary>
    public bool PayloadIsNull;

    /// <summary>The payload's base64.</summary>
    public ReadOnlySpan<byte> Payload;

    /// <summary>The salt is <c>null</c> (purged).</summary>
    public bool PayloadSaltIsNull;

    /// <summary>The salt's base64.</summary>
    public ReadOnlySpan<byte> PayloadSalt;

    /// <summary>The stored payload digest's base64.</summary>
    public ReadOnlySpan<byte> PayloadDigest;

    /// <summary>The stored previous-hash's base64.</summary>
    public ReadOnlySpan<byte> PreviousHash;

    /// <summary>The stored entry hash's base64.</summary>
    public ReadOnlySpan<byte> EntryHash;

    /// <summary>The line has an <c>inclusionProof</c> member.</summary>
    public bool HasProof;

    /// <summary>The proof's quoted hashes between its brackets.</summary>
    public ReadOnlySpan<byte> Proof;
}
