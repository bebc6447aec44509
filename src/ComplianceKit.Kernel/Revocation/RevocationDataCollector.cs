using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// Gathers, for each signature an export carries, the CRLs of the signer's issuer that were current at the signature's trusted time
/// (docs/FORMAT.md 12.15), once each, keyed by the SHA-256 of their DER. Not thread-safe.
/// </summary>
internal sealed class RevocationDataCollector(IRevocationDataSource source)
{
    private readonly SortedDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);

    /// <summary>The chosen CRLs by lower-case hex SHA-256, ascending.</summary>
    public IReadOnlyDictionary<string, byte[]> Crls => _crls;

    /// <summary>Asks the source for <paramref name="certificate"/>'s CRLs and keeps the full ones of its issuer current at <paramref name="at"/>.</summary>
    /// <exception cref="InvalidDataException">The source returned bytes that are not a DER CRL.</exception>
    public async Task AddAsync(X509Certificate2 certificate, Instant at, CancellationToken cancellationToken)
    {
        var issuer = certificate.IssuerName.RawData;
        foreach (var der in await source.GetCertificateRevocationListsAsync(certificate, at, cancellationToken).ConfigureAwait(false))
        {
            ParsedCrl crl;
            try
            {
                crl = ParsedCrl.Parse(der);
            }
            catch (Exception ex) when (ex is AsnContentException or CryptographicException)
            {
                throw new InvalidDataException($"The revocation data source returned bytes that are not a DER CRL: {ex.Message}", ex);
            }

            if (!crl.IsDelta && crl.IssuerName.AsSpan().SequenceEqual(issuer) && crl.IsValidAt(at))
            {
                _crls.TryAdd(Convert.ToHexStringLower(SHA256.HashData(der)), der);
            }
        }
    }
}
