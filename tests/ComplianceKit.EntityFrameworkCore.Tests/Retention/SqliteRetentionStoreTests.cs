using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Retention;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Retention;

/// <summary>Retention on an embedded SQLite file.</summary>
public sealed class SqliteRetentionStoreTests : RetentionStoreTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
