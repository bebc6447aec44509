using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// Where an exporter gets the revocation data it embeds in a bundle (docs/FORMAT.md 12.15): the host's CRLs (and, where it has them,
/// OCSP responses) for the certificates that signed. <see cref="DirectoryRevocationDataSource"/> reads them from a folder.
/// </summary>
/// <remarks>
/// The source may return more than is needed: the exporter keeps only full CRLs issued under the certificate's issuer name that
/// were current (thisUpdate &lt;= <c>trustedTime</c> &lt;= nextUpdate) at the signature's trusted time, and only successful OCSP responses
/// with a SingleResponse for the certificate (CertID issuer name hash and serial number) that was current then. Nothing is fetched by the exporter
/// itself; a source that downloads does so on its own terms. Implementations must be safe to call several times per export.
/// </remarks>
public interface IRevocationDataSource
{
    /// <summary>Returns DER CRLs (RFC 5280 CertificateList) that may cover <paramref name="certificate"/> at <paramref name="trustedTime"/>.</summary>
    /// <param name="certificate">A certificate that signed something in the bundle (its issuer's CRLs are wanted).</param>
    /// <param name="trustedTime">The signature's trusted time: its timestamp's time when it carries a token, else its signing time.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Candidate CRLs, DER; empty when the source has none.</returns>
    Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken);

    /// <summary>
    /// Returns DER OCSP responses (RFC 6960 OCSPResponse) that may cover <paramref name="certificate"/> at <paramref name="trustedTime"/>: from
    /// the host's own responder, or stapled. The default returns none, so a source written for CRLs alone keeps compiling and working.
    /// </summary>
    /// <param name="certificate">A certificate that signed something in the bundle.</param>
    /// <param name="trustedTime">The signature's trusted time.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>Candidate responses, DER; empty when the source has none.</returns>
    Task<IReadOnlyList<byte[]>> GetOcspResponsesAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<byte[]>>([]);
}
