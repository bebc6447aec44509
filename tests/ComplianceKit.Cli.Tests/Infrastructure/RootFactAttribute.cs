namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A fact that needs root (to mount a file system or run the tool as another user). It skips, saying why, only when the
/// tests do not run as root on a developer machine; in CI (CI=true, which runs as root) it always runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!IsRoot && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "needs root (runs the tool as another user or mounts a file system); run the tests as root or 'bash .ci/run'.";
        }
    }

    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
