using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger.Specification;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The ledger contract on an embedded SQLite file.</summary>
public sealed class SqliteLedgerContractTests : LedgerContractTests
{
    /// <inheritdoc />
    protected override Task<ILedgerStore> CreateStoreAsync() => TestDatabaseLedgerStore.CreateAsync(StoreEngines.Sqlite);
}

/// <summary>The ledger contract on a real PostgreSQL server.</summary>
[RequiresPostgres]
public sealed class PostgresLedgerContractTests : LedgerContractTests
{
    /// <inheritdoc />
    protected override Task<ILedgerStore> CreateStoreAsync() => TestDatabaseLedgerStore.CreateAsync(StoreEngines.Postgres);
}
