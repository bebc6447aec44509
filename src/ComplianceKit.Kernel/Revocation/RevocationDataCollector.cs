using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// Gathers, for each signature an export carries, the CRLs of the signer's issuer and the OCSP responses for the signer's certificate
/// that were current at the signature's trusted time (docs/FORMAT.md 12.15), once each, keyed by the SHA-256 of their DER. Not thread-safe.
/// </summary>
internal sealed class RevocationDataCollector(IRevocationDataSource source)
{
    private readonly SortedDictionary<string, byte[]> _crls = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, byte[]> _responses = new(StringComparer.Ordinal);

    /// <summary>The chosen CRLs by lower-case hex SHA-256, ascending.</summary>
    public IReadOnlyDictionary<string, byte[]> Crls => _crls;

    /// <summary>The chosen OCSP responses by lower-case hex SHA-256, ascending.</summary>
    public IReadOnlyDictionary<string, byte[]> OcspResponses => _responses;

    /// <summary>
    /// Asks the source for <paramref name="certificate"/>'s CRLs and OCSP responses; keeps the full CRLs of its issuer current at <paramref name="at"/>
    /// and the successful responses whose SingleResponse for the certificate was current then.
    /// </summary>
    /// <exception cref="InvalidDataException">The source returned bytes that are not a DER CRL or OCSP response.</exception>
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

        foreach (var der in await source.GetOcspResponsesAsync(certificate, at, cancellationToken).ConfigureAwait(false))
        {
            ParsedOcspResponse response;
            try
            {
                response = ParsedOcspResponse.Parse(der);
            }
            catch (Exception ex) when (ex is AsnContentException or CryptographicException)
            {
                throw new InvalidDataException($"The revocation data source returned bytes that are not a DER OCSP response: {ex.Message}", ex);
            }

            // The issuer's key is not known here; the verifier checks the CertID's issuer key hash and the responder.
            if (response.IsSuccessful && response.ResponseFor(certificate, null) is { } single && single.IsValidAt(at))
            {
                _responses.TryAdd(Convert.ToHexStringLower(SHA256.HashData(der)), der);
            }
        }
    }
}
