using System.Buffers;
using System.Reflection;
using System.Text;
using ComplianceKit.Access;

namespace ComplianceKit.Tests.Access;

public sealed class RecordPseudonymizerTests
{
    private static readonly byte[] KeyA = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly byte[] KeyB = Enumerable.Repeat((byte)0xB2, 32).ToArray();

    [Fact]
    public void Pseudonymize_SameKey_IsStableAcrossInstances()
    {
        var first = new RecordPseudonymizer(KeyA).Pseudonymize("patient/48213");
        var second = new RecordPseudonymizer(KeyA.ToArray()).Pseudonymize("patient/48213");

        Assert.Equal(first, second);
    }

    [Fact]
    public void Pseudonymize_DifferentKeys_GiveDifferentPseudonyms()
    {
        var a = new RecordPseudonymizer(KeyA).Pseudonymize("patient/48213");
        var b = new RecordPseudonymizer(KeyB).Pseudonymize("patient/48213");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Pseudonymize_DifferentRecords_GiveDifferentPseudonyms()
    {
        var pseudonymizer = new RecordPseudonymizer(KeyA);

        Assert.NotEqual(pseudonymizer.Pseudonymize("patient/48213"), pseudonymizer.Pseudonymize("patient/48214"));
    }

    [Fact]
    public void Pseudonymize_IsHmacSha256OfTheUtf8Reference_Rfc4231Case6()
    {
        // RFC 4231 test case 6: a 131-byte key of 0xaa, a message longer than the block size.
        var pseudonymizer = new RecordPseudonymizer(Enumerable.Repeat((byte)0xAA, 131).ToArray());

        var pseudonym = pseudonymizer.Pseudonymize("Test Using Larger Than Block-Size Key - Hash Key First");

        Assert.Equal("rec:60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", pseudonym);
    }

    [Fact]
    public void Pseudonymize_LongNonAsciiReference_HashesItsUtf8Bytes()
    {
        var reference = "patient/" + new string('é', 300);
        var expected = "rec:" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes(reference)));

        Assert.Equal(expected, new RecordPseudonymizer(KeyA).Pseudonymize(reference));
        Assert.Equal(RecordPseudonymizer.PseudonymLength, expected.Length);
    }

    [Fact]
    public void Constructor_ShortKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new RecordPseudonymizer(new byte[31]));
    }

    [Fact]
    public void Pseudonymize_LoneSurrogate_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new RecordPseudonymizer(KeyA).Pseudonymize("patient/\ud800"));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Constructor_AllZeroKey_IsRefused(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => new RecordPseudonymizer(new byte[length]));

        Assert.Contains("all zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_KeepsNoManagedCopyOfTheKey()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)(i * 5)).ToArray();

        var pseudonymizer = new RecordPseudonymizer(key);

        var fields = typeof(RecordPseudonymizer).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.DoesNotContain(fields, f => f.GetValue(pseudonymizer) is byte[] copy && copy.AsSpan().IndexOf(key) >= 0);
        Assert.StartsWith(RecordPseudonymizer.Prefix, pseudonymizer.Pseudonymize("patient/1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Pseudonymize_LongReference_ReturnsItsPooledBufferCleared()
    {
        var pool = new WatchingPool();
        var reference = "patient/" + new string('7', 1_000);

        var pseudonym = new RecordPseudonymizer(KeyA, pool).Pseudonymize(reference);

        Assert.Equal(1, pool.Rented);
        Assert.Equal(1, pool.Returned);
        Assert.True(pool.AllReturnedWereZero, "a returned buffer still held the record reference");
        Assert.Equal(new RecordPseudonymizer(KeyA).Pseudonymize(reference), pseudonym);
    }

    /// <summary>Hands out fresh arrays and checks, at the moment each comes back, that it holds only zeros.</summary>
    private sealed class WatchingPool : ArrayPool<byte>
    {
        public int Rented { get; private set; }

        public int Returned { get; private set; }

        public bool AllReturnedWereZero { get; private set; } = true;

        public override byte[] Rent(int minimumLength)
        {
            Rented++;
            return new byte[minimumLength];
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Returned++;
            AllReturnedWereZero &= clearArray || !array.AsSpan().ContainsAnyExcept((byte)0);
        }
    }
}
