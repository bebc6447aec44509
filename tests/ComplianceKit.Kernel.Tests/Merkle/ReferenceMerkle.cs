using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

/// <summary>
/// RFC 6962 section 2.1 MTH, PATH and PROOF written as literally as the RFC states them (recursive,
/// over lists of leaf hashes), as an independent oracle for the optimized code.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes) => leafHashes.Count switch
    {
        0 => MerkleHasher.EmptyRoot.ToArray(),
        1 => leafHashes[0],
        _ => MerkleHasher.HashNode(Mth(Left(leafHashes)), Mth(Right(leafHashes))),
    };

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count <= 1)
        {
            return [];
        }

        var k = K(leafHashes.Count);
        return m < k
            ? [.. Path(m, Left(leafHashes)), Mth(Right(leafHashes))]
            : [.. Path(m - k, Right(leafHashes)), Mth(Left(leafHashes))];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> leafHashes) =>
        m == 0 || m == leafHashes.Count ? [] : SubProof(m, leafHashes, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        if (m == d.Count)
        {
            return b ? [] : [Mth(d)];
        }

        var k = K(d.Count);
        return m <= k
            ? [.. SubProof(m, Left(d), b), Mth(Right(d))]
            : [.. SubProof(m - k, Right(d), false), Mth(Left(d))];
    }

    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[][] Left(IReadOnlyList<byte[]> d) => d.Take(K(d.Count)).ToArray();

    private static byte[][] Right(IReadOnlyList<byte[]> d) => d.Skip(K(d.Count)).ToArray();
}
