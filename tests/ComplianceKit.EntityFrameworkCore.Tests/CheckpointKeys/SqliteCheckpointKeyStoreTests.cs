using ComplianceKit.EntityFrameworkCore.TestKit.CheckpointKeys;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.CheckpointKeys;

/// <summary>The chain of checkpoint keys on an embedded SQLite file.</summary>
public sealed class SqliteCheckpointKeyStoreTests : CheckpointKeyStoreTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
