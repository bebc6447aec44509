using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>The access specifications on PostgreSQL without the subject and actor indexes.</summary>
public sealed class PostgresTypeIndexOnlyAccessSpecificationTests : AccessSpecificationTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;

    /// <inheritdoc />
    protected override bool IndexSubjectsAndActors => false;
}
