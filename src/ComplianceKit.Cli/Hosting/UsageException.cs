namespace ComplianceKit.Cli.Hosting;

/// <summary>A problem with what the user asked for or pointed at; printed without a stack trace, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
