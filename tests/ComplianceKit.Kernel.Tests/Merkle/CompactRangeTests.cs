using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class CompactRangeTests
{
    private static readonly byte[][] Leaves = TestLeaves.Create(300);

    [Fact]
    public void ComputeRoot_EverySizeUpTo300_EqualsInMemoryTreeRoot()
    {
        var tree = new InMemoryMerkleTree();
        var range = new CompactRange();
        var mismatches = new List<long>();

        Assert.Equal(MerkleHasher.EmptyRoot.ToArray(), range.ComputeRoot());
        foreach (var leaf in Leaves)
        {
            tree.Append(leaf);
            range.Append(leaf);
            if (!range.ComputeRoot().AsSpan().SequenceEqual(tree.TreeHead.Root) || range.Size != tree.Count)
            {
                mismatches.Add(range.Size);
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Append_Callback_ReportsEveryCompletedNodeOnceWithItsHash()
    {
        var tree = new InMemoryMerkleTree(Leaves);
        var range = new CompactRange();
        var reported = new List<(int Level, long Index, byte[] Hash)>();

        foreach (var leaf in Leaves)
        {
            range.Append(leaf, (level, index, hash) => reported.Add((level, index, hash.ToArray())));
        }

        var expectedCount = Enumerable.Range(1, 8).Sum(level => Leaves.Length >> level);
        Assert.Equal(expectedCount, reported.Count);
        Assert.Equal(reported.Count, reported.Select(r => (r.Level, r.Index)).Distinct().Count());
        Assert.All(reported, r => Assert.Equal(tree.GetPerfectSubtreeHash(r.Level, r.Index), r.Hash));
        Assert.DoesNotContain(reported, r => r.Level == 0);
    }

    [Fact]
    public void SerializeDeserialize_EverySize_RoundTripsAndKeepsAppending()
    {
        var reference = new CompactRange();
        var failures = new List<long>();

        for (var i = 0; i < Leaves.Length; i++)
        {
            var restored = CompactRange.Deserialize(reference.Size, reference.Serialize());
            restored.Append(Leaves[i]);
            reference.Append(Leaves[i]);
            if (restored.Size != reference.Size
                || !restored.ComputeRoot().AsSpan().SequenceEqual(reference.ComputeRoot())
                || !restored.Serialize().AsSpan().SequenceEqual(reference.Serialize()))
            {
                failures.Add(reference.Size);
            }
        }

        Assert.Empty(failures);
        Assert.Equal(System.Numerics.BitOperations.PopCount((ulong)Leaves.Length) * 32, reference.Serialize().Length);
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(5, 32)]
    [InlineData(5, 96)]
    [InlineData(7, 95)]
    public void Deserialize_WrongLengthForSize_ThrowsArgumentException(long size, int length)
    {
        var data = new byte[length];

        var exception = Assert.Throws<ArgumentException>(() => CompactRange.Deserialize(size, data));

        Assert.Equal("data", exception.ParamName);
        Assert.Contains($"the data has {length} bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NegativeSize_ThrowsArgumentOutOfRange()
    {
        var data = Array.Empty<byte>();

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.Deserialize(-1, data));

        Assert.Equal("size", exception.ParamName);
    }

    [Fact]
    public void Append_CallbackThrows_RangeUnchanged()
    {
        var range = new CompactRange();
        for (var i = 0; i < 7; i++)
        {
            range.Append(Leaves[i]);
        }

        var before = range.Serialize();
        var rootBefore = range.ComputeRoot();

        Assert.Throws<InvalidOperationException>(() => range.Append(Leaves[7], (level, _, _) =>
        {
            if (level == 2)
            {
                throw new InvalidOperationException("store failed");
            }
        }));

        Assert.Equal(7, range.Size);
        Assert.Equal(before, range.Serialize());
        Assert.Equal(rootBefore, range.ComputeRoot());
    }

    [Fact]
    public void Append_LeafHashNot32Bytes_ThrowsArgumentException()
    {
        var range = new CompactRange();

        var exception = Assert.Throws<ArgumentException>(() => range.Append(new byte[31]));

        Assert.Equal("leafHash", exception.ParamName);
        Assert.Equal(0, range.Size);
    }
}
