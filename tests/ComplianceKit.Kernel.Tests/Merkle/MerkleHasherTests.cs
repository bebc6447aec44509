using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

public sealed class MerkleHasherTests
{
    private static readonly RfcVectors Vectors = RfcVectors.Current;

    [Fact]
    public void HashLeaf_RfcVector_MatchesExpected()
    {
        var input = Encoding.ASCII.GetBytes("L123456");

        var hash = MerkleHasher.HashLeaf(input);

        Assert.Equal(Vectors.Hasher["leafOf_L123456_ascii"], hash);
    }

    [Fact]
    public void HashNode_RfcVector_MatchesExpected()
    {
        var left = Encoding.ASCII.GetBytes("N123");
        var right = Encoding.ASCII.GetBytes("N456");

        var hash = MerkleHasher.HashNode(left, right);

        Assert.Equal(Vectors.Hasher["nodeOf_N123_N456_ascii"], hash);
    }

    [Fact]
    public void EmptyRoot_ComparedWithVectors_IsSha256OfEmptyString()
    {
        var expected = Vectors.Hasher["emptyRoot"];

        var emptyRoot = MerkleHasher.EmptyRoot.ToArray();

        Assert.Equal(expected, emptyRoot);
        Assert.Equal(SHA256.HashData([]), emptyRoot);
        Assert.Equal(Vectors.RootsBySize[0], emptyRoot);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(4096)]
    public void HashLeaf_IntoDestination_MatchesAllocatingOverloadAndDefinition(int inputLength)
    {
        var input = Enumerable.Range(0, inputLength).Select(i => (byte)i).ToArray();
        var destination = new byte[40];

        MerkleHasher.HashLeaf(input, destination);

        var expected = SHA256.HashData([0x00, .. input]);
        Assert.Equal(expected, MerkleHasher.HashLeaf(input));
        Assert.Equal(expected, destination[..32]);
        Assert.All(destination[32..], b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(200, 100)]
    [InlineData(1000, 3)]
    public void HashNode_IntoDestination_MatchesAllocatingOverloadAndDefinition(int leftLength, int rightLength)
    {
        var left = Enumerable.Repeat((byte)0xAB, leftLength).ToArray();
        var right = Enumerable.Repeat((byte)0xCD, rightLength).ToArray();
        var destination = new byte[32];

        MerkleHasher.HashNode(left, right, destination);

        var expected = SHA256.HashData([0x01, .. left, .. right]);
        Assert.Equal(expected, MerkleHasher.HashNode(left, right));
        Assert.Equal(expected, destination);
    }

    [Fact]
    public void HashNode_DestinationOverlapsBothInputs_FoldsInPlace()
    {
        var left = SHA256.HashData("left"u8);
        var right = SHA256.HashData("right"u8);
        var expected = MerkleHasher.HashNode(left, right);
        var buffer = (byte[])left.Clone();
        var rightInPlace = (byte[])right.Clone();

        MerkleHasher.HashNode(buffer, right, buffer);
        MerkleHasher.HashNode(left, rightInPlace, rightInPlace);

        Assert.Equal(expected, buffer);
        Assert.Equal(expected, rightInPlace);
    }

    [Fact]
    public void HashLeaf_DestinationTooSmall_Throws()
    {
        var destination = new byte[31];

        var exception = Assert.Throws<ArgumentException>(() => MerkleHasher.HashLeaf([1, 2, 3], destination));

        Assert.Equal("destination", exception.ParamName);
    }

    [Fact]
    public void HashNode_DestinationTooSmall_Throws()
    {
        var destination = new byte[16];

        var exception = Assert.Throws<ArgumentException>(() => MerkleHasher.HashNode(new byte[32], new byte[32], destination));

        Assert.Equal("destination", exception.ParamName);
    }
}
