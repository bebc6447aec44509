using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The restore from a backup on an embedded SQLite file.</summary>
public sealed class SqliteRestoreFromBackupTests : RestoreFromBackupTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
