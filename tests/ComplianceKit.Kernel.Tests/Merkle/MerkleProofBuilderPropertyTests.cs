using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class MerkleProofBuilderPropertyTests
{
    private const int MaxSize = 300;
    private static readonly byte[][] Leaves = TestLeaves.Create(MaxSize);

    public static TheoryData<int> Sizes()
    {
        // Edges around the stored levels (16, 256) plus seeded random sizes up to 300.
        var random = new Random(9162);
        var sizes = new SortedSet<int> { 1, 2, 3, 15, 16, 17, 31, 32, 33, 255, 256, 257, MaxSize };
        while (sizes.Count < 24)
        {
            sizes.Add(random.Next(1, MaxSize + 1));
        }

        var data = new TheoryData<int>();
        foreach (var size in sizes)
        {
            data.Add(size);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task BuildInclusionAsync_EveryIndex_StridedEqualsInMemoryAndVerifies(int size)
    {
        var tree = new InMemoryMerkleTree(Leaves);
        var strided = InMemoryNodeStore.WithLeaves(Leaves).CreateSource();
        var root = tree.ComputeRoot(size);
        var failures = new List<string>();

        for (var index = 0; index < size; index++)
        {
            var fromStrided = await MerkleProofBuilder.BuildInclusionAsync(strided, index, size);
            var fromTree = await MerkleProofBuilder.BuildInclusionAsync(tree, index, size);
            var result = MerkleProofVerifier.VerifyInclusion(Leaves[index], fromStrided, root);
            if (!fromStrided.Equals(fromTree) || !result.IsValid)
            {
                failures.Add($"index {index}: {result}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(await MerkleProofBuilder.ComputeRootAsync(strided, size), root);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task BuildConsistencyAsync_EveryFirstSize_StridedEqualsInMemoryAndVerifies(int secondSize)
    {
        var tree = new InMemoryMerkleTree(Leaves);
        var strided = InMemoryNodeStore.WithLeaves(Leaves).CreateSource();
        var secondRoot = tree.ComputeRoot(secondSize);
        var failures = new List<string>();

        for (var firstSize = 0; firstSize <= secondSize; firstSize++)
        {
            var fromStrided = await MerkleProofBuilder.BuildConsistencyAsync(strided, firstSize, secondSize);
            var fromTree = await MerkleProofBuilder.BuildConsistencyAsync(tree, firstSize, secondSize);
            var result = MerkleProofVerifier.VerifyConsistency(fromStrided, tree.ComputeRoot(firstSize), secondRoot);
            if (!fromStrided.Equals(fromTree) || !result.IsValid)
            {
                failures.Add($"first {firstSize}: {result}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task BuildProofs_AllSizesUpTo64_EqualRfcReferenceAndVerify()
    {
        var leaves = Leaves[..64];
        var tree = new InMemoryMerkleTree(leaves);
        var failures = new List<string>();

        for (var size = 1; size <= leaves.Length; size++)
        {
            var prefix = leaves[..size];
            var root = ReferenceMerkle.Mth(prefix);
            for (var m = 0; m <= size; m++)
            {
                var consistency = await MerkleProofBuilder.BuildConsistencyAsync(tree, m, size);
                var reference = new ConsistencyProof(m, size, ReferenceMerkle.Proof(m, prefix));
                if (!consistency.Equals(reference) || !MerkleProofVerifier.VerifyConsistency(consistency, ReferenceMerkle.Mth(leaves[..m]), root).IsValid)
                {
                    failures.Add($"consistency ({m}, {size})");
                }

                if (m < size)
                {
                    var inclusion = await MerkleProofBuilder.BuildInclusionAsync(tree, m, size);
                    var expected = new InclusionProof(m, size, ReferenceMerkle.Path(m, prefix));
                    if (!inclusion.Equals(expected) || !MerkleProofVerifier.VerifyInclusion(leaves[m], inclusion, root).IsValid)
                    {
                        failures.Add($"inclusion ({m}, {size})");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task BuildInclusionAsync_SizeBeyondSource_ThrowsArgumentOutOfRange()
    {
        var tree = new InMemoryMerkleTree(Leaves[..10]);

        var build = async () => await MerkleProofBuilder.BuildInclusionAsync(tree, 3, 12);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(build);
    }

    [Fact]
    public async Task ComputeRootAsync_SourceReturnsShortHash_ThrowsInvalidData()
    {
        var source = new StridedSubtreeSource((_, _, count, _) =>
            ValueTask.FromResult<IReadOnlyList<byte[]>>(Enumerable.Repeat(new byte[31], count).ToList()));

        var compute = async () => await MerkleProofBuilder.ComputeRootAsync(source, 5);

        await Assert.ThrowsAsync<InvalidDataException>(compute);
    }
}
