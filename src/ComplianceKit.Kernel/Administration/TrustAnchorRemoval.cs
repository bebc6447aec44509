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
    public byte[] ToCanonicalBytes() => AdministrativeRecordJson.ToCanonicalBytes(this);

    /// <summary>Reads the record from a payload.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static TrustAnchorRemoval Parse(ReadOnlySpan<byte> payload)
    {
        var record = AdministrativeRecordJson.Parse<TrustAnchorRemoval>(payload, "trust anchor removal");
        AdministrativeRecordJson.RequireHex(record.CertificateSha256, "certificateSha256");
        AdministrativeRecordJson.RequireText(record.Reason, "reason");
        return record;
    }
}
