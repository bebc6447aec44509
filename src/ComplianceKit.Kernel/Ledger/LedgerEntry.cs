using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// One sealed fact in a chain: the header fields, the exact payload bytes that were hashed, and the
/// hashes that link it to the entry before it. See docs/FORMAT.md for the byte-exact encoding.
/// </summary>
/// <remarks>
/// Instances are immutable snapshots of what the store holds. <see cref="Payload"/> and
/// <see cref="PayloadSalt"/> are <see langword="null"/> once a retention policy purged them; the
/// header and <see cref="PayloadDigest"/> stay, so the chain still verifies.
/// </remarks>
public sealed class LedgerEntry
{
    /// <summary>The chain this entry belongs to (one chain per tenant or workspace, for example).</summary>
    public required string ChainId { get; init; }

    /// <summary>The 0-based position in the chain; contiguous.</summary>
    public required long Sequence { get; init; }

    /// <summary>What kind of fact this is, for example <c>baa.executed</c> or <c>approval.signed</c>.</summary>
    public required string EntryType { get; init; }

    /// <summary>What the fact is about, for example <c>vendor:acme-labs</c> or <c>release:2.4.0</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Who caused the fact to be recorded.</summary>
    public required string Actor { get; init; }

    /// <summary>When the fact happened, as the host states it; microsecond precision.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>When the ledger recorded the fact, from the injected clock; microsecond precision, non-decreasing along a chain.</summary>
    public required Instant RecordedAt { get; init; }

    /// <summary>The RFC 8785 canonical JSON payload, exactly the bytes that were hashed; <see langword="null"/> once purged.</summary>
    public byte[]? Payload { get; init; }

    /// <summary>The per-entry random salt covered by <see cref="PayloadDigest"/>; purged together with the payload.</summary>
    public byte[]? PayloadSalt { get; init; }

    /// <summary>SHA-256 over the salt and payload (see docs/FORMAT.md); kept after a purge.</summary>
    public required byte[] PayloadDigest { get; init; }

    /// <summary>The entry hash of the entry before this one; 32 zero bytes for sequence 0.</summary>
    public required byte[] PreviousHash { get; init; }

    /// <summary>SHA-256 over the canonical header encoding, which includes <see cref="PreviousHash"/> and <see cref="PayloadDigest"/>.</summary>
    public required byte[] EntryHash { get; init; }

    /// <summary>Whether the payload bytes are gone (purged by retention, or missing).</summary>
    public bool IsPayloadAbsent => Payload is null;
}
