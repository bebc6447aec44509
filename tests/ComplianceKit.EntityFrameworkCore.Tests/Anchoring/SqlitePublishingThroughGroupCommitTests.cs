using ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Anchoring;

/// <summary>The checkpoint publisher beside the group-commit access log on an embedded SQLite file.</summary>
public sealed class SqlitePublishingThroughGroupCommitTests : PublishingThroughGroupCommitTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
