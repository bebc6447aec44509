using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>
/// The record of a <c>role.grant.confirmed</c> entry: a second administrator's co-signature of a grant whose signer granted
/// the role to their own certificate. Payload <c>{"certificateSha256", "grantSequence", "role"}</c>; it must repeat the
/// grant's role and certificate, so a confirmation cannot be read as confirming anything else.
/// </summary>
/// <param name="GrantSequence">The sequence of the <c>role.granted</c> entry confirmed.</param>
/// <param name="Role">The grant's role.</param>
/// <param name="CertificateSha256">The grant's certificate fingerprint.</param>
public sealed record RoleGrantConfirmation(long GrantSequence, string Role, string CertificateSha256)
{
    /// <summary>The canonical JSON bytes of the record.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the record from a payload.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static RoleGrantConfirmation Parse(ReadOnlySpan<byte> payload)
    {
        var record = PayloadCodec.Decode<RoleGrantConfirmation>(payload, "role grant confirmation");
        PayloadFields.RequireText(record.Role, "role");
        PayloadFields.RequireSha256Hex(record.CertificateSha256, "certificateSha256");
        return record.GrantSequence >= 0 ? record : throw new FormatException("'grantSequence' must not be negative.");
    }
}
