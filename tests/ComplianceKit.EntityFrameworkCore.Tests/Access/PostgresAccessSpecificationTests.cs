using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>The access specifications on PostgreSQL.</summary>
public sealed class PostgresAccessSpecificationTests : AccessSpecificationTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
