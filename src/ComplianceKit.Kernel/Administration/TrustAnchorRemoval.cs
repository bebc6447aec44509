using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>
/// The record of a <c>trust.anchor.removed</c> entry: the organisation stops trusting a recorded root from the entry's
/// recorded-at. Payload <c>{"certificateSha256", "reason"}</c>.
/// </summary>
/// <param name="CertificateSha256">The fingerprint of the anchor removed.</param>
/// <param name="Reason">Why, for the record.</param>
public sealed record TrustAnchorRemoval(string CertificateSha256, string Reason)
{
    /// <summary>The canonical JSON bytes of the record.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the record from a payload.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static TrustAnchorRemoval Parse(ReadOnlySpan<byte> payload)
    {
        var record = PayloadCodec.Decode<TrustAnchorRemoval>(payload, "trust anchor removal");
        PayloadFields.RequireSha256Hex(record.CertificateSha256, "certificateSha256");
        PayloadFields.RequireText(record.Reason, "reason");
        return record;
    }
}
