namespace ComplianceKit.Merkle;

/// <summary>
/// Which Merkle tree levels a store persists. Level 0 (the leaf hashes) and every level that is a
/// multiple of <see cref="LevelStride"/> are stored, so any perfect subtree can be rebuilt from at
/// most 2^(<see cref="LevelStride"/> - 1) = 8 consecutive stored hashes while storage stays about
/// n / 15 hashes above the leaves.
/// </summary>
internal static class MerkleStorageLayout
{
    /// <summary>The distance between stored levels: levels 0, 4, 8, ... are stored.</summary>
    public const int LevelStride = 4;

    /// <summary>Determines whether the nodes of <paramref name="level"/> are stored.</summary>
    /// <param name="level">A tree level; 0 is the leaf hashes.</param>
    /// <returns><see langword="true"/> for non-negative multiples of <see cref="LevelStride"/>.</returns>
    public static bool IsStoredLevel(int level) => level >= 0 && level % LevelStride == 0;
}
