using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The read-only ledger on a real PostgreSQL server, its tables in a host schema.</summary>
public sealed class PostgresReadOnlyDatabaseLedgerTests : ReadOnlyDatabaseLedgerTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
