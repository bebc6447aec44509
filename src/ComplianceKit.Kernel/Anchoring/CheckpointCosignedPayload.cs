using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The payload of a <c>checkpoint.cosigned</c> entry (docs/FORMAT.md 13.5): which checkpoint (the sequence of its
/// <c>checkpoint.published</c> entry, and its tree size) and the witness co-signatures gathered for it.
/// </summary>
public sealed record CheckpointCosignedPayload
{
    /// <summary>The sequence of the <c>checkpoint.published</c> entry that records the co-signed checkpoint.</summary>
    public required long CheckpointSequence { get; init; }

    /// <summary>The co-signed checkpoint's tree size.</summary>
    public required long TreeSize { get; init; }

    /// <summary>The co-signatures, one per witness.</summary>
    public required IReadOnlyList<RecordedCosignature> Cosignatures { get; init; }

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of a <c>checkpoint.cosigned</c> entry.</summary>
    /// <exception cref="FormatException">The payload is absent or not in this shape.</exception>
    public static CheckpointCosignedPayload FromEntry(LedgerEntry entry)
    {
        var payload = PayloadCodec.Decode<CheckpointCosignedPayload>(entry);
        if (payload.Cosignatures is null || payload.Cosignatures.Count == 0 || payload.CheckpointSequence < 0 || payload.TreeSize < 0)
        {
            throw new FormatException($"Entry {entry.Sequence}: a checkpoint.cosigned payload names a checkpoint and holds at least one co-signature.");
        }

        foreach (var cosignature in payload.Cosignatures)
        {
            PayloadFields.RequireSha256Hex(cosignature?.Witness, "witness");
            PayloadFields.RequireText(cosignature!.Cosignature, "cosignature");
        }

        return payload;
    }
}
