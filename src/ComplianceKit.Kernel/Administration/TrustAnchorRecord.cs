using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>
/// The record of a <c>trust.anchor.added</c> entry: a root certificate the organisation trusts for approval and evidence
/// signatures. Payload <c>{"certificatePem", "certificateSha256", "subject"}</c>.
/// </summary>
/// <param name="CertificateSha256">SHA-256 of the certificate's DER, lower-case hex.</param>
/// <param name="Subject">The certificate's subject, for people.</param>
/// <param name="CertificatePem">The certificate, PEM (public part only).</param>
public sealed record TrustAnchorRecord(string CertificateSha256, string Subject, string CertificatePem)
{
    /// <summary>The record for <paramref name="certificate"/>.</summary>
    public static TrustAnchorRecord Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new TrustAnchorRecord(CertificateFingerprint.Of(certificate), certificate.Subject, certificate.ExportCertificatePem());
    }

    /// <summary>The canonical JSON bytes of the record.</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the record from a payload and checks that the fingerprint is the certificate's.</summary>
    /// <exception cref="FormatException">The payload is malformed, or the fingerprint does not match the certificate.</exception>
    public static TrustAnchorRecord Parse(ReadOnlySpan<byte> payload)
    {
        var record = PayloadCodec.Decode<TrustAnchorRecord>(payload, "trust anchor record");
        PayloadFields.RequireSha256Hex(record.CertificateSha256, "certificateSha256");
        using var certificate = record.ToCertificate();
        return CertificateFingerprint.Of(certificate) == record.CertificateSha256
            ? record
            : throw new FormatException("The trust anchor's certificateSha256 is not the fingerprint of its certificatePem.");
    }

    /// <summary>The certificate; the caller disposes it.</summary>
    /// <exception cref="FormatException">The PEM does not hold a certificate.</exception>
    public X509Certificate2 ToCertificate()
    {
        try
        {
            return X509Certificate2.CreateFromPem(PayloadFields.RequireText(CertificatePem, "certificatePem"));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new FormatException($"The trust anchor's certificatePem is not a certificate: {ex.Message}", ex);
        }
    }
}
