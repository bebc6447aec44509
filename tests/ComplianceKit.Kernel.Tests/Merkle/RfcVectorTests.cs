using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class RfcVectorTests
{
    private static readonly RfcVectors Vectors = RfcVectors.Current;

    private static byte[][] LeafHashes => Vectors.LeafInputs.Select(input => MerkleHasher.HashLeaf(input)).ToArray();

    [Fact]
    public void Vectors_Loaded_CoverEverySizeAndBothProofKinds()
    {
        var vectors = Vectors;

        var sizes = vectors.RootsBySize.Keys.Order().ToList();

        Assert.Equal(Enumerable.Range(0, vectors.LeafInputs.Count + 1).Select(i => (long)i), sizes);
        Assert.NotEmpty(vectors.Inclusion);
        Assert.NotEmpty(vectors.Consistency);
    }

    [Fact]
    public async Task Roots_EverySize_MatchVectorsFromEveryImplementation()
    {
        var leaves = LeafHashes;
        var tree = new InMemoryMerkleTree(leaves);
        var store = InMemoryNodeStore.WithLeaves(leaves);
        var strided = store.CreateSource();
        var compact = new CompactRange();

        foreach (var (size, expected) in Vectors.RootsBySize.OrderBy(p => p.Key))
        {
            while (compact.Size < size)
            {
                compact.Append(leaves[compact.Size]);
            }

            var fromTree = tree.ComputeRoot(size);
            var fromStrided = await MerkleProofBuilder.ComputeRootAsync(strided, size);
            var fromCompact = compact.ComputeRoot();

            Assert.Equal(expected, fromTree);
            Assert.Equal(expected, fromStrided);
            Assert.Equal(expected, fromCompact);
            Assert.Equal(expected, ReferenceMerkle.Mth(leaves[..(int)size]));
        }
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyInclusion_RfcVector_IsValid(int vector)
    {
        var v = Vectors.Inclusion[vector];

        var result = MerkleProofVerifier.VerifyInclusion(v.LeafHash, v.ToProof(), v.Root);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(MerkleProofFailure.None, result.Failure);
        Assert.Equal(MerkleHasher.HashLeaf(Vectors.LeafInputs[(int)v.LeafIndex]), v.LeafHash);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.InclusionIndexes), MemberType = typeof(RfcVectors))]
    public async Task BuildInclusionAsync_RfcVector_RegeneratesExactProof(int vector)
    {
        var v = Vectors.Inclusion[vector];
        var tree = new InMemoryMerkleTree(LeafHashes);

        var proof = await MerkleProofBuilder.BuildInclusionAsync(tree, v.LeafIndex, v.TreeSize);

        Assert.Equal(v.ToProof(), proof);
        Assert.Equal(v.Root, tree.ComputeRoot(v.TreeSize));
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public void VerifyConsistency_RfcVector_IsValid(int vector)
    {
        var v = Vectors.Consistency[vector];

        var result = MerkleProofVerifier.VerifyConsistency(v.ToProof(), v.Root1, v.Root2);

        Assert.True(result.IsValid, result.Message);
    }

    [Theory]
    [MemberData(nameof(RfcVectors.ConsistencyIndexes), MemberType = typeof(RfcVectors))]
    public async Task BuildConsistencyAsync_RfcVector_RegeneratesExactProof(int vector)
    {
        var v = Vectors.Consistency[vector];
        var tree = new InMemoryMerkleTree(LeafHashes);

        var proof = await MerkleProofBuilder.BuildConsistencyAsync(tree, v.Size1, v.Size2);

        Assert.Equal(v.ToProof(), proof);
        Assert.Equal(v.Root1, tree.ComputeRoot(v.Size1));
        Assert.Equal(v.Root2, tree.ComputeRoot(v.Size2));
    }
}
