using ComplianceKit.EntityFrameworkCore.TestKit.CheckpointKeys;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.CheckpointKeys;

/// <summary>The chain of checkpoint keys on a real PostgreSQL server.</summary>
public sealed class PostgresCheckpointKeyStoreTests : CheckpointKeyStoreTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
