using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The payload of a <c>checkpoint.restored</c> entry (docs/FORMAT.md 13.7): the restore statement's exact bytes and the
/// organisation's detached CMS signature over them, each as base64 text.
/// </summary>
public sealed record RestoreStatementPayload
{
    /// <summary>Base64 of the statement bytes.</summary>
    public required string Statement { get; init; }

    /// <summary>Base64 of the DER CMS SignedData over them.</summary>
    public required string Signature { get; init; }

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of a <c>checkpoint.restored</c> entry.</summary>
    /// <exception cref="FormatException">The payload is absent or not in this shape.</exception>
    public static RestoreStatementPayload FromEntry(LedgerEntry entry)
    {
        var payload = PayloadCodec.Decode<RestoreStatementPayload>(entry);
        PayloadFields.RequireText(payload.Statement, "statement");
        PayloadFields.RequireText(payload.Signature, "signature");
        return payload;
    }
}
