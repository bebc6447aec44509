using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;


namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The all-chains checkpoint on an embedded SQLite file.</summary>
public sealed class SqliteAllChainsCheckpointTests : AllChainsCheckpointTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
