using System.Security.Cryptography;
using ComplianceKit.Hashing;

namespace ComplianceKit.Tests.Hashing;

public sealed class Sha256DigestTests
{
    [Fact]
    public void OpenSslPath_OnLinux_IsInUse()
    {
        // CI runs on Linux with the OpenSSL .NET uses: the fast path must not silently fall back there.
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslSha256.IsAvailable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(200)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(100_000)]
    public void HashInto_AnyLengthAndSplit_EqualsDotNetSha256(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = SHA256.HashData(data);

        foreach (var (first, second) in new[] { (0, 0), (length / 3, length / 2), (length, length), (1 % (length + 1), length) })
        {
            var destination = new byte[Sha256Digest.Size];
            Sha256Digest.HashInto(data.AsSpan(0, first), data.AsSpan(first, second - first), data.AsSpan(second), destination);

            Assert.Equal(expected, destination);
        }
    }

    [Fact]
    public void HashInto_DestinationOverlapsInput_HashesTheInput()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        var expected = SHA256.HashData(data);

        Sha256Digest.HashInto(data, data.AsSpan(0, Sha256Digest.Size));

        Assert.Equal(expected, data[..Sha256Digest.Size]);
    }
}
