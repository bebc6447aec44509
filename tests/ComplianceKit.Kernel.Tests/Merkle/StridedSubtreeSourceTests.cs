using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class StridedSubtreeSourceTests
{
    private static readonly byte[][] Leaves = TestLeaves.Create(300);

    [Fact]
    public async Task GetPerfectSubtreeHashAsync_EveryCompleteSubtree_EqualsInMemoryTree()
    {
        var tree = new InMemoryMerkleTree(Leaves);
        var store = InMemoryNodeStore.WithLeaves(Leaves);
        var source = store.CreateSource();
        var compared = 0;

        for (var level = 0; level <= 8; level++)
        {
            for (long index = 0; (index + 1) << level <= Leaves.Length; index++)
            {
                var hash = await source.GetPerfectSubtreeHashAsync(level, index, CancellationToken.None);

                Assert.Equal(tree.GetPerfectSubtreeHash(level, index), hash);
                compared++;
            }
        }

        Assert.Equal(compared, store.ReadCount);
        Assert.Equal([0, 4, 8], store.StoredLevels.Order());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(4, 1)]
    [InlineData(7, 8)]
    [InlineData(9, 2)]
    public async Task GetPerfectSubtreeHashAsync_AnyLevel_ReadsOneRangeOfTheStoredLevelBelow(int level, int expectedCount)
    {
        var reads = new List<(int Level, long Start, int Count)>();
        var source = new StridedSubtreeSource((storedLevel, start, count, _) =>
        {
            reads.Add((storedLevel, start, count));
            return ValueTask.FromResult<IReadOnlyList<byte[]>>(Enumerable.Range(0, count).Select(_ => new byte[32]).ToList());
        });

        await source.GetPerfectSubtreeHashAsync(level, 3, CancellationToken.None);

        var read = Assert.Single(reads);
        Assert.Equal(level - (level % 4), read.Level);
        Assert.Equal(expectedCount, read.Count);
        Assert.Equal(3L * expectedCount, read.Start);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(0)]
    public async Task GetPerfectSubtreeHashAsync_ReaderReturnsWrongCount_ThrowsInvalidData(int returned)
    {
        var source = new StridedSubtreeSource((_, _, _, _) =>
            ValueTask.FromResult<IReadOnlyList<byte[]>>(Enumerable.Range(0, returned).Select(_ => new byte[32]).ToList()));

        var get = async () => await source.GetPerfectSubtreeHashAsync(3, 0, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InvalidDataException>(get);
        Assert.Contains($"returned {returned}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPerfectSubtreeHashAsync_ReaderReturnsShortHash_ThrowsInvalidData()
    {
        var source = new StridedSubtreeSource((_, _, count, _) =>
            ValueTask.FromResult<IReadOnlyList<byte[]>>([.. Enumerable.Range(0, count - 1).Select(_ => new byte[32]), new byte[16]]));

        var get = async () => await source.GetPerfectSubtreeHashAsync(2, 0, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InvalidDataException>(get);
        Assert.Contains("16 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildProofsAsync_MillionLeafTree_ReadLogarithmicallyManySmallRanges()
    {
        const long size = 1_000_000;
        var reads = new List<int>();
        var source = new StridedSubtreeSource((_, _, count, _) =>
        {
            reads.Add(count);
            return ValueTask.FromResult<IReadOnlyList<byte[]>>(Enumerable.Range(0, count).Select(_ => new byte[32]).ToList());
        });

        await MerkleProofBuilder.BuildInclusionAsync(source, 777_777, size);
        var inclusionReads = reads.Count;
        reads.Clear();
        await MerkleProofBuilder.BuildConsistencyAsync(source, 654_321, size);
        var consistencyReads = reads.Count;
        reads.Clear();
        await MerkleProofBuilder.ComputeRootAsync(source, size);

        Assert.InRange(inclusionReads, 1, 40);
        Assert.InRange(consistencyReads, 1, 40);
        Assert.Equal(System.Numerics.BitOperations.PopCount((ulong)size), reads.Count);
        Assert.All(reads, count => Assert.InRange(count, 1, 8));
    }

    [Fact]
    public async Task GetPerfectSubtreeHashAsync_Cancelled_PassesTokenToReader()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var source = new StridedSubtreeSource((_, _, _, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            return ValueTask.FromResult<IReadOnlyList<byte[]>>([]);
        });

        var get = async () => await source.GetPerfectSubtreeHashAsync(0, 0, cts.Token);

        await Assert.ThrowsAsync<OperationCanceledException>(get);
    }
}
