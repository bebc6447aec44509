namespace ComplianceKit.Merkle;

/// <summary>
/// Receives a perfect-subtree node that <see cref="CompactRange.Append"/> has just completed, so a
/// store can persist it (for example those on levels where <see cref="MerkleStorageLayout.IsStoredLevel"/> holds).
/// </summary>
/// <param name="level">The height of the node; at least 1.</param>
/// <param name="index">The position of the node on its level; it covers leaves [index * 2^level, (index + 1) * 2^level).</param>
/// <param name="hash">The 32-byte node hash; only valid during the call, copy it to keep it.</param>
public delegate void MerkleNodeCallback(int level, long index, ReadOnlySpan<byte> hash);
