namespace ComplianceKit.Bundles;

/// <summary>How the bundle relates to an earlier checkpoint: the officer's own, or the one the bundle names.</summary>
/// <param name="TreeSize">The earlier tree size.</param>
/// <param name="Root">The earlier 32-byte root.</param>
/// <param name="FromOfficer">Whether the earlier checkpoint is the officer's own copy (<c>--previous-checkpoint</c>) rather than the bundle's claim.</param>
/// <param name="Consistent">Whether the bundle's checkpoint was proven to extend it: <see langword="null"/> when it could not be decided.</param>
public sealed record PreviousCheckpointCheck(long TreeSize, byte[] Root, bool FromOfficer, bool? Consistent);
