using ComplianceKit.EntityFrameworkCore.TestKit.Bundles;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Bundles;

/// <summary>The exporter over a real PostgreSQL server.</summary>
public sealed class PostgresEvidenceBundleExporterTests : EvidenceBundleExporterTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
