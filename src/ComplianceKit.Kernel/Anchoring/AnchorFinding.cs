namespace ComplianceKit.Anchoring;

/// <summary>One published checkpoint the chain does not extend.</summary>
/// <param name="Kind">How it is contradicted.</param>
/// <param name="Source">The checkpoint's file or name.</param>
/// <param name="TreeSize">The checkpoint's tree size.</param>
/// <param name="Message">One sentence naming the checkpoint and what differs.</param>
public sealed record AnchorFinding(AnchorFindingKind Kind, string Source, long TreeSize, string Message);
