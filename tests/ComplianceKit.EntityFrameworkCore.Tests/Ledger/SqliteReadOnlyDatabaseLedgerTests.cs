using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.EntityFrameworkCore.Tests.Ledger;

/// <summary>The read-only ledger on SQLite files.</summary>
public sealed class SqliteReadOnlyDatabaseLedgerTests : ReadOnlyDatabaseLedgerTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}
