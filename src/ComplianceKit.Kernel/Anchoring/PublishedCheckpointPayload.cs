using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The payload of a <c>checkpoint.published</c> entry (docs/FORMAT.md 13.1): the checkpoint's exact bytes and the organisation's
/// detached CMS signature over them, each as base64 text.
/// </summary>
public sealed record PublishedCheckpointPayload
{
    /// <summary>Base64 of the checkpoint bytes (C2SP tlog-checkpoint body).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Base64 of the DER CMS SignedData over them.</summary>
    public required string Signature { get; init; }

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of a <c>checkpoint.published</c> entry.</summary>
    /// <exception cref="FormatException">The payload is absent or not in this shape.</exception>
    public static PublishedCheckpointPayload FromEntry(LedgerEntry entry)
    {
        var payload = PayloadCodec.Decode<PublishedCheckpointPayload>(entry);
        PayloadFields.RequireText(payload.Checkpoint, "checkpoint");
        PayloadFields.RequireText(payload.Signature, "signature");
        return payload;
    }
}
