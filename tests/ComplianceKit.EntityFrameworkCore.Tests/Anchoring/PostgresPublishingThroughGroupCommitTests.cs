using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The checkpoint publisher beside the group-commit access log on a real PostgreSQL server.</summary>
public sealed class PostgresPublishingThroughGroupCommitTests : PublishingThroughGroupCommitTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
