using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Retention;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Retention;

/// <summary>Clock jumps on a real PostgreSQL server.</summary>
public sealed class PostgresClockJumpTests : ClockJumpTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
