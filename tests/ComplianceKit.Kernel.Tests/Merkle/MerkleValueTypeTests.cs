using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class MerkleValueTypeTests
{
    private static readonly byte[] RootA = Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    [Fact]
    public void MerkleTreeHead_EqualRootBytesInDifferentArrays_AreEqual()
    {
        var first = new MerkleTreeHead(8, RootA);
        var second = new MerkleTreeHead(8, (byte[])RootA.Clone());

        var equal = first == second;

        Assert.True(equal);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void MerkleTreeHead_DifferentSizeOrRoot_AreNotEqual()
    {
        var head = new MerkleTreeHead(8, RootA);

        var otherSize = new MerkleTreeHead(7, RootA);
        var otherRoot = new MerkleTreeHead(8, TestLeaves.FlipBit(RootA, 255));

        Assert.NotEqual(head, otherSize);
        Assert.NotEqual(head, otherRoot);
    }

    [Fact]
    public void MerkleTreeHead_ToString_ShowsSizeAndLowercaseHexRoot()
    {
        var head = new MerkleTreeHead(8, RootA);

        var text = head.ToString();

        Assert.Equal("MerkleTreeHead { Size = 8, Root = 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 }", text);
    }

    [Fact]
    public void MerkleTreeHead_RootArrayMutatedAfterConstruction_HeadUnchanged()
    {
        var root = (byte[])RootA.Clone();
        var head = new MerkleTreeHead(8, root);

        root[0] ^= 1;

        Assert.Equal(RootA, head.Root);
    }

    [Fact]
    public void MerkleTreeHead_InvalidArguments_Throw()
    {
        var shortRoot = new byte[31];

        var wrongLength = Assert.Throws<ArgumentException>(() => new MerkleTreeHead(1, shortRoot));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new MerkleTreeHead(-1, RootA));

        Assert.Equal("root", wrongLength.ParamName);
        Assert.Equal("size", negative.ParamName);
    }

    [Fact]
    public void InclusionProof_SamePathBytes_AreEqualAndFormatAsHex()
    {
        var first = new InclusionProof(1, 2, [RootA]);
        var second = new InclusionProof(1, 2, [(byte[])RootA.Clone()]);

        var text = first.ToString();

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, new InclusionProof(1, 2, [TestLeaves.FlipBit(RootA, 0)]));
        Assert.Contains(Convert.ToHexStringLower(RootA), text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsistencyProof_SamePathBytes_AreEqual()
    {
        var first = new ConsistencyProof(1, 2, [RootA]);
        var second = new ConsistencyProof(1, 2, [(byte[])RootA.Clone()]);

        var equal = first.Equals(second);

        Assert.True(equal);
        Assert.NotEqual(first, new ConsistencyProof(1, 3, [RootA]));
    }

    [Fact]
    public void InclusionProof_NullPathElement_Throws()
    {
        byte[][] path = [RootA, null!];

        var exception = Assert.Throws<ArgumentException>(() => new InclusionProof(0, 4, path));

        Assert.Equal("path", exception.ParamName);
    }

    [Fact]
    public void MerkleRange_EndBeforeStart_Throws()
    {
        var start = 5L;

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MerkleRange(start, 4));

        Assert.Equal("End", exception.ParamName);
    }

    [Fact]
    public void MerkleProofResult_Invalid_ThrowIfInvalidThrowsWithMessage()
    {
        var result = MerkleProofResult.Invalid(MerkleProofFailure.RootMismatch, "roots differ");

        var exception = Assert.Throws<System.Security.Cryptography.CryptographicException>(result.ThrowIfInvalid);

        Assert.False(result.IsValid);
        Assert.Contains("roots differ", exception.Message, StringComparison.Ordinal);
        MerkleProofResult.Valid.ThrowIfInvalid();
    }
}
