namespace ComplianceKit.Anchoring;

/// <summary>A sink that could not take a checkpoint.</summary>
/// <param name="Sink">The sink's name.</param>
/// <param name="TreeSize">The tree size of the checkpoint it did not take.</param>
/// <param name="Message">Why.</param>
/// <param name="IsConflict">Whether the sink holds another checkpoint of that size (a fork; retrying cannot fix it).</param>
public sealed record CheckpointSinkFailure(string Sink, long TreeSize, string Message, bool IsConflict);
