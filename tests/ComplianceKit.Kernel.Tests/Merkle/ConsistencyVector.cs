using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

/// <summary>One consistency proof test vector.</summary>
internal sealed record ConsistencyVector(long Size1, long Size2, byte[] Root1, byte[] Root2, IReadOnlyList<byte[]> Proof)
{
    public ConsistencyProof ToProof() => new(Size1, Size2, Proof);
}
