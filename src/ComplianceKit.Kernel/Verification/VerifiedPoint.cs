using ComplianceKit.Merkle;

namespace ComplianceKit.Verification;

/// <summary>
/// How far a <see cref="ChainVerifier"/> in this process verified a chain: its size, last entry hash and Merkle right edge, so
/// a later check verifies only what was appended since (<see cref="ChainVerifier.ContinueFrom"/>).
/// </summary>
/// <remarks>
/// The trust rule: a verified point is trusted only in the memory of the process that verified it. It has no public
/// constructor and no serialized form, so it cannot be read back from a file or a database a tamperer could also write;
/// a new process starts from genesis. Immutable and thread safe.
/// </remarks>
public sealed class VerifiedPoint
{
    private readonly byte[] _lastEntryHash;
    private readonly byte[] _frontier;

    internal VerifiedPoint(string chainId, long size, byte[] lastEntryHash, byte[] frontier, byte[] treeRoot)
    {
        ChainId = chainId;
        Size = size;
        _lastEntryHash = lastEntryHash;
        _frontier = frontier;
        TreeHead = new MerkleTreeHead(size, treeRoot);
    }

    /// <summary>The chain verified.</summary>
    public string ChainId { get; }

    /// <summary>How many entries (sequences 0 to <c>Size - 1</c>) were verified.</summary>
    public long Size { get; }

    /// <summary>The Merkle tree head of the verified entries.</summary>
    public MerkleTreeHead TreeHead { get; }

    internal ReadOnlySpan<byte> LastEntryHash => _lastEntryHash;

    internal CompactRange Frontier() => CompactRange.Deserialize(Size, _frontier);
}
