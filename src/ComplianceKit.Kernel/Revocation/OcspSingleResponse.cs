using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>One SingleResponse of an OCSP response (RFC 6960 section 4.2.1): which certificate (its CertID), its status, and when that held.</summary>
internal sealed record OcspSingleResponse(
    string HashAlgorithm,
    byte[] IssuerNameHash,
    byte[] IssuerKeyHash,
    BigInteger SerialNumber,
    OcspCertificateStatus Status,
    Instant? RevokedAt,
    Instant ThisUpdate,
    Instant? NextUpdate)
{
    /// <summary>The CertID hash algorithms a verifier accepts: SHA-1 (what most responders use) and SHA-256.</summary>
    public const string Sha1 = "1.3.14.3.2.26";

    /// <summary>SHA-256, as <c>openssl ocsp -sha256</c> asks.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    /// <summary>Whether the response was current at <paramref name="at"/>: thisUpdate &lt;= at &lt;= nextUpdate (no nextUpdate: from thisUpdate on), as for CRLs.</summary>
    public bool IsValidAt(Instant at) => ThisUpdate <= at && (NextUpdate is not { } next || at <= next);

    /// <summary>
    /// Whether the CertID names <paramref name="certificate"/>: its serial number and the hash of its issuer Name; with
    /// <paramref name="issuer"/>, also the hash of the issuer's public key (the subjectPublicKey bits).
    /// </summary>
    public bool IsFor(X509Certificate2 certificate, X509Certificate2? issuer)
    {
        if (HashAlgorithm is not (Sha1 or Sha256)
            || SerialNumber != new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true)
            || !Hash(certificate.IssuerName.RawData).AsSpan().SequenceEqual(IssuerNameHash))
        {
            return false;
        }

        return issuer is null || Hash(issuer.PublicKey.EncodedKeyValue.RawData).AsSpan().SequenceEqual(IssuerKeyHash);
    }

#pragma warning disable CA5350 // RFC 6960 CertIDs are mostly SHA-1: it identifies the certificate here; the response's signature secures it.
    private byte[] Hash(byte[] data) => HashAlgorithm == Sha1 ? SHA1.HashData(data) : SHA256.HashData(data);
#pragma warning restore CA5350
}
