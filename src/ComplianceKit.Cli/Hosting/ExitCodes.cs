namespace ComplianceKit.Cli.Hosting;

/// <summary>The documented exit codes of every command (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Verified, open, ready: the check passed.</summary>
    public const int Success = 0;

    /// <summary>The check ran and failed: tampering found, a gate blocked, not ready.</summary>
    public const int CheckFailed = 1;

    /// <summary>The command could not run: bad arguments, an unreadable database or file.</summary>
    public const int UsageOrUnreadable = 2;

    /// <summary>A bug in ComplianceKit: an unexpected failure, reported in one line.</summary>
    public const int InternalError = 3;
}
