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
}
