namespace ComplianceKit.Bundles;

/// <summary>
/// A published checkpoint a version 2 bundle carries (docs/FORMAT.md 12.14, manifest member <c>anchors</c>): its bytes, the
/// organisation's signature and the witnesses' co-signatures as files under <c>anchors/</c>, and the proof that the bundle's
/// checkpoint extends it.
/// </summary>
/// <param name="TreeSize">The carried checkpoint's tree size, at most the bundle's.</param>
/// <param name="CheckpointFile">Exactly <c>anchors/&lt;tree size, 20 digits&gt;.txt</c>: the checkpoint bytes.</param>
/// <param name="SignatureFile">Exactly <c>anchors/&lt;tree size, 20 digits&gt;.p7s</c>: the organisation's signature over them.</param>
/// <param name="CosignatureFiles">The witnesses' co-signatures, <c>anchors/&lt;tree size, 20 digits&gt;.cosig.&lt;witness sha256&gt;.p7s</c>, sorted and distinct.</param>
/// <param name="ConsistencyProof">The RFC 9162 consistency proof from the carried checkpoint to the bundle's (empty when the sizes are equal).</param>
public sealed record ManifestAnchor(long TreeSize, string CheckpointFile, string SignatureFile, IReadOnlyList<string> CosignatureFiles,
    IReadOnlyList<byte[]> ConsistencyProof);
