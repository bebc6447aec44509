using ComplianceKit.Ledger.Specification;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Marks a test class whose tests need the PostgreSQL server: its <see cref="LedgerFactAttribute"/> tests skip, saying how
/// to enable them, when no PostgreSQL is configured; in CI they never skip.
/// </summary>
[RequiresPostgres]
public interface IPostgresTests;
