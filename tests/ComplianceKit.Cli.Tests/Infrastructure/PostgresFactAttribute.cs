using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A fact that runs the tool against the real PostgreSQL (COMPLIANCEKIT_TEST_POSTGRES). It skips, saying how to enable it, only
/// on a developer machine without a server; in CI (CI=true) it always runs, so a missing server fails instead of hiding the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
