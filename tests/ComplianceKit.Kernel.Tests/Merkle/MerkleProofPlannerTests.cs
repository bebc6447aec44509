using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class MerkleProofPlannerTests
{
    private const int MaxSize = 70;
    private static readonly byte[][] Leaves = TestLeaves.Create(MaxSize);

    [Fact]
    public void PerfectSubtrees_EveryAlignedRange_RightFoldEqualsRfcMth()
    {
        var checkedRanges = 0;

        for (var start = 0; start < MaxSize; start++)
        {
            for (var end = start + 1; end <= MaxSize; end++)
            {
                var count = end - start;
                var top = 1 << (31 - int.LeadingZeroCount(count));
                if (start % top != 0)
                {
                    continue;
                }

                var subtrees = MerkleProofPlanner.PerfectSubtrees(new MerkleRange(start, end));

                var hashes = subtrees.Select(s => ReferenceMerkle.Mth(Leaves[(int)(s.Index << s.Level)..(int)((s.Index + 1) << s.Level)])).ToList();
                var folded = hashes[^1];
                for (var i = hashes.Count - 2; i >= 0; i--)
                {
                    folded = MerkleHasher.HashNode(hashes[i], folded);
                }

                Assert.Equal(ReferenceMerkle.Mth(Leaves[start..end]), folded);
                Assert.Equal(subtrees.OrderByDescending(s => s.Level), subtrees);
                Assert.Equal(end, subtrees.Sum(s => 1L << s.Level) + start);
                checkedRanges++;
            }
        }

        Assert.True(checkedRanges > MaxSize);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(4, 12)]
    [InlineData(6, 10)]
    public void PerfectSubtrees_UnalignedRange_ThrowsArgumentException(long start, long end)
    {
        var range = new MerkleRange(start, end);

        var exception = Assert.Throws<ArgumentException>(() => MerkleProofPlanner.PerfectSubtrees(range));

        Assert.Equal("range", exception.ParamName);
    }

    [Fact]
    public void PerfectSubtrees_EmptyRange_ReturnsNoSubtrees()
    {
        var range = new MerkleRange(5, 5);

        var subtrees = MerkleProofPlanner.PerfectSubtrees(range);

        Assert.Empty(subtrees);
    }

    [Fact]
    public void InclusionRanges_EveryIndexAndSize_MatchRfcPathAndPredictedLength()
    {
        var mismatches = new List<string>();

        for (var size = 1; size <= MaxSize; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var ranges = MerkleProofPlanner.InclusionRanges(index, size);
                var hashes = ranges.Select(r => ReferenceMerkle.Mth(Leaves[(int)r.Start..(int)r.End])).ToList();
                var expected = ReferenceMerkle.Path(index, Leaves[..size]);
                if (!hashes.SequenceEqual(expected, ByteArrayComparer.Instance)
                    || ranges.Count != MerkleProofPlanner.InclusionProofLength(index, size))
                {
                    mismatches.Add($"({index}, {size})");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void ConsistencyRanges_EveryPairOfSizes_MatchRfcProofAndPredictedLength()
    {
        var mismatches = new List<string>();

        for (var second = 0; second <= MaxSize; second++)
        {
            for (var first = 0; first <= second; first++)
            {
                var ranges = MerkleProofPlanner.ConsistencyRanges(first, second);
                var hashes = ranges.Select(r => ReferenceMerkle.Mth(Leaves[(int)r.Start..(int)r.End])).ToList();
                var expected = ReferenceMerkle.Proof(first, Leaves[..second]);
                if (!hashes.SequenceEqual(expected, ByteArrayComparer.Instance)
                    || ranges.Count != MerkleProofPlanner.ConsistencyProofLength(first, second))
                {
                    mismatches.Add($"({first}, {second})");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void ProofLengths_MillionLeafTree_AreLogarithmic()
    {
        const long size = 1_000_000;

        var inclusion = MerkleProofPlanner.InclusionRanges(123_456, size);
        var consistency = MerkleProofPlanner.ConsistencyRanges(999_999, size);

        Assert.InRange(inclusion.Count, 1, 20);
        Assert.InRange(consistency.Count, 1, 21);
        Assert.Equal(MerkleProofPlanner.InclusionProofLength(123_456, size), inclusion.Count);
        Assert.Equal(MerkleProofPlanner.ConsistencyProofLength(999_999, size), consistency.Count);
    }

    [Fact]
    public void InclusionRanges_IndexNotBelowSize_Throws()
    {
        var size = 4L;

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofPlanner.InclusionRanges(size, size));

        Assert.Equal("index", exception.ParamName);
    }

    [Fact]
    public void ConsistencyRanges_FirstAboveSecond_Throws()
    {
        var first = 5L;

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofPlanner.ConsistencyRanges(first, 4));

        Assert.Equal("firstSize", exception.ParamName);
    }
}
