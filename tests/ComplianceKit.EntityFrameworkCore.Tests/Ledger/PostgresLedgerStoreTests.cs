using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The ledger on a real PostgreSQL server.</summary>
public sealed class PostgresLedgerStoreTests : LedgerStoreTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
