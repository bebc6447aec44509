using ComplianceKit.Ledger.Specification;

namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Skips a ledger contract class, with the reason, when no PostgreSQL is configured (never in CI).</summary>
public sealed class RequiresPostgresAttribute : LedgerSkipAttribute
{
    /// <inheritdoc />
    public override string? Reason => PostgresServer.SkipReason;
}
