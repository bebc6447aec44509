using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

/// <summary>One inclusion proof test vector.</summary>
internal sealed record InclusionVector(long LeafIndex, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Proof, byte[] Root)
{
    public InclusionProof ToProof() => new(LeafIndex, TreeSize, Proof);
}
