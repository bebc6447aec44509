using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Revocation;
using NodaTime;

namespace ComplianceKit.Tests.Revocation;

/// <summary>A host's revocation data held in memory: every CRL and OCSP response it was given, for any certificate; the exporter picks.</summary>
internal sealed class ListedRevocationData(IReadOnlyList<byte[]> crls, IReadOnlyList<byte[]> responses) : IRevocationDataSource
{
    public Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken) =>
        Task.FromResult(crls);

    public Task<IReadOnlyList<byte[]>> GetOcspResponsesAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken) =>
        Task.FromResult(responses);
}
