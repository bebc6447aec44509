using ComplianceKit.EntityFrameworkCore.TestKit.Bundles;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Bundles;

/// <summary>The exporter over an embedded SQLite file.</summary>
public sealed class SqliteEvidenceBundleExporterTests : EvidenceBundleExporterTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
