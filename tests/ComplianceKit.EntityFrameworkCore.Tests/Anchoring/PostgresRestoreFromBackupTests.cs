using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The restore from a backup on a real PostgreSQL server.</summary>
public sealed class PostgresRestoreFromBackupTests : RestoreFromBackupTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
