using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.CheckpointKeys;

/// <summary>
/// The record of a <c>checkpoint.key.compromised</c> entry (docs/FORMAT.md 13.6): from <paramref name="CompromisedFrom"/> on, signatures by the
/// checkpoint key with fingerprint <paramref name="CertificateSha256"/> are refused. Payload <c>{"certificateSha256", "compromisedFrom", "reason"}</c>,
/// signed by an administrator as every administrative record is (7.1).
/// </summary>
/// <param name="CertificateSha256">The compromised key's certificate fingerprint (SHA-256 of its DER, lower-case hex).</param>
/// <param name="CompromisedFrom">The earliest instant the key may have been in other hands.</param>
/// <param name="Reason">Why, for the record.</param>
public sealed record CheckpointKeyCompromise(string CertificateSha256, Instant CompromisedFrom, string Reason)
{
    /// <summary>The canonical JSON bytes of the record.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the record from a payload (the administrative members beside it are ignored).</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static CheckpointKeyCompromise Parse(ReadOnlySpan<byte> payload)
    {
        var record = PayloadCodec.Decode<CheckpointKeyCompromise>(payload, "checkpoint key compromise");
        PayloadFields.RequireSha256Hex(record.CertificateSha256, "certificateSha256");
        PayloadFields.RequireText(record.Reason, "reason");
        return record.CompromisedFrom == default ? throw new FormatException("'compromisedFrom' is missing.") : record;
    }
}
