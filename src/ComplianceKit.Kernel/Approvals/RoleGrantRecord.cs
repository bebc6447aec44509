using ComplianceKit.Ledger;

namespace ComplianceKit.Approvals;

/// <summary>
/// The record of a <c>role.granted</c> or <c>role.revoked</c> entry: a signer certificate (by fingerprint) and a role.
/// Payload <c>{"certificateSha256", "certificateSubject", "role"}</c>.
/// </summary>
/// <param name="Role">The role, for example <c>Compliance Officer</c>.</param>
/// <param name="CertificateSha256">SHA-256 of the signer certificate's DER, lower-case hex.</param>
/// <param name="CertificateSubject">The certificate's subject, for people.</param>
public sealed record RoleGrantRecord(string Role, string CertificateSha256, string CertificateSubject)
{
    /// <summary>The canonical JSON bytes of the record.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the record from a payload.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static RoleGrantRecord Parse(ReadOnlySpan<byte> payload)
    {
        var record = PayloadCodec.Decode<RoleGrantRecord>(payload, "role grant record");
        PayloadFields.RequireText(record.Role, "role");
        PayloadFields.RequireSha256Hex(record.CertificateSha256, "certificateSha256");
        return record;
    }
}
