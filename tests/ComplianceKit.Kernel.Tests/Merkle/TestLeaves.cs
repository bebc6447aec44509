using System.Security.Cryptography;
using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

/// <summary>Deterministic leaf hashes for property tests.</summary>
internal static class TestLeaves
{
    public static byte[][] Create(int count, int seed = 6962)
    {
        var random = new Random(seed);
        var entryHash = new byte[32];
        var leaves = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(entryHash);
            leaves[i] = MerkleHasher.HashLeaf(SHA256.HashData(entryHash));
        }

        return leaves;
    }

    public static byte[] FlipBit(byte[] hash, int bit)
    {
        var copy = (byte[])hash.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
