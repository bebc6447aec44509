using ComplianceKit.EntityFrameworkCore.TestKit.Gates;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Gates;

/// <summary>The signer policy over an embedded SQLite file.</summary>
public sealed class SqliteSignerCertificatePolicyStoreTests : SignerCertificatePolicyStoreTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
