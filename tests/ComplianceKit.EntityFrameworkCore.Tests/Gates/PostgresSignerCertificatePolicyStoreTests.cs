using ComplianceKit.EntityFrameworkCore.TestKit.Gates;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Gates;

/// <summary>The signer policy over a real PostgreSQL server.</summary>
public sealed class PostgresSignerCertificatePolicyStoreTests : SignerCertificatePolicyStoreTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
