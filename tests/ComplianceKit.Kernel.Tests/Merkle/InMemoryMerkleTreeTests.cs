using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class InMemoryMerkleTreeTests
{
    private static readonly byte[][] Leaves = TestLeaves.Create(100);

    [Fact]
    public void TreeHead_AfterAppends_MatchesReferenceAndUpdates()
    {
        var tree = new InMemoryMerkleTree(Leaves[..10]);
        var headOfTen = tree.TreeHead;

        tree.Append(Leaves[10]);

        Assert.Equal(new MerkleTreeHead(10, ReferenceMerkle.Mth(Leaves[..10])), headOfTen);
        Assert.Equal(new MerkleTreeHead(11, ReferenceMerkle.Mth(Leaves[..11])), tree.TreeHead);
    }

    [Fact]
    public void ComputeRoot_EveryEarlierSize_MatchesReference()
    {
        var tree = new InMemoryMerkleTree(Leaves);

        var roots = Enumerable.Range(0, Leaves.Length + 1).Select(size => tree.ComputeRoot(size)).ToList();

        Assert.All(Enumerable.Range(0, roots.Count), size => Assert.Equal(ReferenceMerkle.Mth(Leaves[..size]), roots[size]));
    }

    [Fact]
    public void GetPerfectSubtreeHash_IncompleteSubtree_ThrowsArgumentOutOfRange()
    {
        var tree = new InMemoryMerkleTree(Leaves[..6]);

        var incomplete = Assert.Throws<ArgumentOutOfRangeException>(() => tree.GetPerfectSubtreeHash(2, 1));
        var tooHigh = Assert.Throws<ArgumentOutOfRangeException>(() => tree.GetPerfectSubtreeHash(3, 0));

        Assert.Equal("index", incomplete.ParamName);
        Assert.Equal("index", tooHigh.ParamName);
        Assert.Equal(ReferenceMerkle.Mth(Leaves[4..6]), tree.GetPerfectSubtreeHash(1, 2));
    }

    [Fact]
    public void GetLeafHash_ReturnedArrayMutated_TreeUnchanged()
    {
        var tree = new InMemoryMerkleTree(Leaves[..4]);
        var root = tree.ComputeRoot();

        tree.GetLeafHash(0)[0] ^= 0xFF;

        Assert.Equal(Leaves[0], tree.GetLeafHash(0));
        Assert.Equal(root, tree.ComputeRoot());
    }

    [Fact]
    public void ComputeRoot_SizeAboveCount_ThrowsArgumentOutOfRange()
    {
        var tree = new InMemoryMerkleTree(Leaves[..4]);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => tree.ComputeRoot(5));

        Assert.Equal("size", exception.ParamName);
    }

    [Fact]
    public void Append_LeafHashNot32Bytes_ThrowsArgumentException()
    {
        var tree = new InMemoryMerkleTree();

        var exception = Assert.Throws<ArgumentException>(() => tree.Append(new byte[33]));

        Assert.Equal("leafHash", exception.ParamName);
        Assert.Equal(0, tree.Count);
    }
}
