using ComplianceKit.Ledger;

namespace ComplianceKit.Approvals;

/// <summary>
/// The payload of an <c>approval.signed</c> entry (docs/FORMAT.md, section 7): the canonical statement bytes and the
/// detached CMS signature over them, each as base64 text.
/// </summary>
public sealed record SignedApprovalPayload
{
    /// <summary>Base64 of the canonical statement bytes.</summary>
    public required string Statement { get; init; }

    /// <summary>Base64 of the DER CMS SignedData.</summary>
    public required string Signature { get; init; }

    /// <summary>The payload carrying <paramref name="statementBytes"/> and <paramref name="signature"/>.</summary>
    public static SignedApprovalPayload Of(byte[] statementBytes, byte[] signature) =>
        new() { Statement = Convert.ToBase64String(statementBytes), Signature = Convert.ToBase64String(signature) };

    /// <summary>The canonical payload bytes.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of an <c>approval.signed</c> entry.</summary>
    /// <exception cref="FormatException">The payload is absent or not in this shape.</exception>
    public static SignedApprovalPayload FromEntry(LedgerEntry entry)
    {
        var payload = PayloadCodec.Decode<SignedApprovalPayload>(entry);
        PayloadFields.RequireText(payload.Statement, "statement");
        PayloadFields.RequireText(payload.Signature, "signature");
        return payload;
    }

    /// <summary>The statement bytes.</summary>
    /// <exception cref="FormatException">The member is not base64.</exception>
    public byte[] StatementBytes() => Convert.FromBase64String(Statement);

    /// <summary>The signature bytes.</summary>
    /// <exception cref="FormatException">The member is not base64.</exception>
    public byte[] SignatureBytes() => Convert.FromBase64String(Signature);
}
