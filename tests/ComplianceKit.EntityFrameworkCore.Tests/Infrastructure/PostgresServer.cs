namespace ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Where the PostgreSQL tests find their server: the COMPLIANCEKIT_TEST_POSTGRES connection string.</summary>
public static class PostgresServer
{
    /// <summary>The variable that holds the connection string.</summary>
    public const string Variable = "COMPLIANCEKIT_TEST_POSTGRES";

    /// <summary>The configured connection string, or <see langword="null"/>.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why PostgreSQL tests skip here, or <see langword="null"/> when they run. CI never skips: a missing server fails there.</summary>
    public static string? SkipReason =>
        ConnectionString is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"No PostgreSQL configured. Set {Variable} (for example \"Host=127.0.0.1;Port=5432;Username=postgres;Database=compliancekit_test\") or run 'bash .ci/run', which starts one.";
}
