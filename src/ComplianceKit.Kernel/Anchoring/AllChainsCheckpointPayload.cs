using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The payload of a <c>checkpoint.all-chains</c> entry (docs/FORMAT.md 13.8): the all-chains checkpoint and the organisation's
/// signature, as a <c>checkpoint.published</c> entry holds them, and the chain heads the round appended to the heads log.
/// </summary>
public sealed record AllChainsCheckpointPayload
{
    /// <summary>Base64 of the all-chains checkpoint bytes.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Base64 of the DER CMS SignedData over them.</summary>
    public required string Signature { get; init; }

    /// <summary>Base64 of each head appended (a chain's checkpoint bytes, 13.1), in heads-log order: they end at the checkpoint's size.</summary>
    public required IReadOnlyList<string> Heads { get; init; }

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of a <c>checkpoint.all-chains</c> entry: the signed checkpoint and the heads, parsed strictly.</summary>
    /// <exception cref="FormatException">The entry is of another type, or its payload, checkpoint or a head does not parse, or there are more heads than the size.</exception>
    public static (SignedCheckpoint Checkpoint, IReadOnlyList<Anchoring.Checkpoint> Heads) Read(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EntryType != CheckpointEntryTypes.AllChains)
        {
            throw new FormatException($"Entry {entry.Sequence} is a '{entry.EntryType}', not a '{CheckpointEntryTypes.AllChains}'.");
        }

        var payload = PayloadCodec.Decode<AllChainsCheckpointPayload>(entry);
        PayloadFields.RequireText(payload.Checkpoint, "checkpoint");
        PayloadFields.RequireText(payload.Signature, "signature");
        var signed = new SignedCheckpoint(Anchoring.Checkpoint.Parse(Convert.FromBase64String(payload.Checkpoint)), Convert.FromBase64String(payload.Signature));
        var heads = (payload.Heads ?? throw new FormatException("The payload has no 'heads'.")).Select(h => Anchoring.Checkpoint.Parse(Convert.FromBase64String(h))).ToList();
        if (heads.Count == 0 || heads.Count > signed.Checkpoint.TreeSize)
        {
            throw new FormatException($"Entry {entry.Sequence} appends {heads.Count} heads to a heads log of size {signed.Checkpoint.TreeSize}.");
        }

        return (signed, heads);
    }
}
