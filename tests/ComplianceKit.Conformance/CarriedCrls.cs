using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Revocation;
using NodaTime;

namespace ComplianceKit.Conformance;

/// <summary>The revocation data source of the v2-revocation-* cases: the CRLs it is given (possibly none), for any certificate.</summary>
internal sealed class CarriedCrls(params byte[][] crls) : IRevocationDataSource
{
    public Task<IReadOnlyList<byte[]>> GetCertificateRevocationListsAsync(X509Certificate2 certificate, Instant trustedTime, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<byte[]>>(crls);
}
