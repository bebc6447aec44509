namespace ComplianceKit.Bundles;

/// <summary>The earlier checkpoint a bundle proves it extends (<c>export --since-checkpoint</c>).</summary>
/// <param name="Origin">The earlier checkpoint's origin line.</param>
/// <param name="TreeSize">The earlier tree size.</param>
/// <param name="Root">The earlier 32-byte root.</param>
/// <param name="ConsistencyProof">The RFC 9162 consistency proof from the earlier tree to the bundle's checkpoint.</param>
public sealed record ManifestPreviousCheckpoint(string Origin, long TreeSize, byte[] Root, IReadOnlyList<byte[]> ConsistencyProof);
