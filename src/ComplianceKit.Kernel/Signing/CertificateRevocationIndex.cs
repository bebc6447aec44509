using System.Collections.Frozen;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Revoked serial numbers from offline CRLs, indexed by the SHA-256 of the issuing CA certificate. Built once from
/// CRLs whose signatures have been verified with the issuer's public key; immutable and thread-safe afterwards.
/// </summary>
internal sealed class CertificateRevocationIndex
{
    private readonly FrozenDictionary<string, FrozenDictionary<BigInteger, Instant>> revokedByIssuer;

    private CertificateRevocationIndex(FrozenDictionary<string, FrozenDictionary<BigInteger, Instant>> revokedByIssuer) =>
        this.revokedByIssuer = revokedByIssuer;

    /// <summary>
    /// Parses and authenticates <paramref name="crls"/> against <paramref name="issuers"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A CRL is unparsable, a delta CRL, or not signed by any of the issuers.</exception>
    public static CertificateRevocationIndex Build(IReadOnlyList<CertificateFacts> issuers, IList<byte[]> crls)
    {
        var revoked = new Dictionary<string, Dictionary<BigInteger, Instant>>(StringComparer.Ordinal);
        for (var i = 0; i < crls.Count; i++)
        {
            foreach (var der in SplitPem(crls[i] ?? throw new ArgumentException($"CRL #{i} is null.", nameof(crls)), i, nameof(crls)))
            {
                ParsedCrl crl;
                try
                {
                    crl = ParsedCrl.Parse(der);
                }
                catch (Exception e) when (e is AsnContentException or CryptographicException)
                {
                    throw new ArgumentException($"CRL #{i} is not a DER or PEM X.509 CRL: {e.Message}", nameof(crls), e);
                }

                var issuer = FindIssuer(issuers, crl)
                    ?? throw new ArgumentException(
                        $"CRL #{i} from {crl.IssuerDisplayName} is not signed by any trust anchor or intermediate of " +
                        "the policy with that name and the cRLSign key usage; it cannot be trusted.",
                        nameof(crls));
                if (crl.IsDelta)
                {
                    throw new ArgumentException($"CRL #{i} from {crl.IssuerDisplayName} is a delta CRL; supply full CRLs.", nameof(crls));
                }

                if (!revoked.TryGetValue(issuer.Key, out var entries))
                {
                    entries = [];
                    revoked.Add(issuer.Key, entries);
                }

                foreach (var (serial, date) in crl.Entries)
                {
                    entries[serial] = entries.TryGetValue(serial, out var known) && known < date ? known : date;
                }
            }
        }

        return new CertificateRevocationIndex(
            revoked.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenDictionary(), StringComparer.Ordinal));
    }

    /// <summary>When <paramref name="subject"/>, issued by <paramref name="issuer"/>, was revoked, if it is listed.</summary>
    public bool TryGetRevocation(CertificateFacts subject, CertificateFacts issuer, out Instant revokedAt)
    {
        revokedAt = default;
        return revokedByIssuer.TryGetValue(issuer.Key, out var entries)
            && entries.TryGetValue(subject.SerialNumber, out revokedAt);
    }

    private static CertificateFacts? FindIssuer(IReadOnlyList<CertificateFacts> issuers, ParsedCrl crl)
    {
        foreach (var candidate in issuers)
        {
            if (candidate.SubjectName.AsSpan().SequenceEqual(crl.IssuerName)
                && candidate.MayIssueCrls
                && crl.IsSignedBy(candidate.Certificate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<byte[]> SplitPem(byte[] data, int index, string paramName)
    {
        var firstNonSpace = Array.FindIndex(data, b => !char.IsWhiteSpace((char)b));
        if (firstNonSpace < 0 || data[firstNonSpace] != (byte)'-')
        {
            return [data];
        }

        var text = Encoding.ASCII.GetString(data);
        var blocks = new List<byte[]>();
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            if (remaining[fields.Label].SequenceEqual("X509 CRL"))
            {
                blocks.Add(Convert.FromBase64String(remaining[fields.Base64Data].ToString()));
            }

            remaining = remaining[fields.Location.End..];
        }

        return blocks.Count > 0
            ? blocks
            : throw new ArgumentException($"CRL #{index} is PEM without an X509 CRL block.", paramName);
    }
}
