namespace ComplianceKit.CheckpointKeys;

/// <summary>A checkpoint signature the chain of keys refuses, and why.</summary>
/// <param name="Kind">Why.</param>
/// <param name="Message">A sentence naming the key, the times and the entry that decided.</param>
public sealed record CheckpointKeyRefusal(CheckpointKeyRefusalKind Kind, string Message);
