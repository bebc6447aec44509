namespace ComplianceKit.Cli.Files;

/// <summary>A command refused to write a file (it exists, is an input, or is a ledger): exit 1, nothing written.</summary>
internal sealed class OutputRefusedException(string message) : Exception(message);
