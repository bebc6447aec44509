using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The all-chains checkpoint on a real PostgreSQL server.</summary>
public sealed class PostgresAllChainsCheckpointTests : AllChainsCheckpointTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
