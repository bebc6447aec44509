using System.Text;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Tests.Ledger;

/// <summary>The test vector of docs/FORMAT.md, computed there by an independent implementation of the format.</summary>
public sealed class EntryEncodingTests
{
    private static readonly byte[] Salt = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly Instant OccurredAt = Instant.FromUtc(2026, 1, 2, 3, 4, 5).PlusNanoseconds(123_456_000);
    private static readonly Instant RecordedAt = Instant.FromUtc(2026, 1, 2, 3, 4, 6);

    [Fact]
    public void ComputePayloadDigest_FormatVector_MatchesTheDocument()
    {
        var digest = EntryEncoding.ComputePayloadDigest(Salt, """{"a":1}"""u8);

        Assert.Equal("da6a056f3415012f8ecb6b9fdb5076af2815fadb8a3c671c17043e93af5bfcbb", Hex.Format(digest));
    }

    [Fact]
    public void ComputeEntryHash_FormatVector_MatchesTheDocumentAndItsLeaf()
    {
        var digest = EntryEncoding.ComputePayloadDigest(Salt, """{"a":1}"""u8);

        var hash = EntryEncoding.ComputeEntryHash("clinic-1", 0, "baa.executed", "vendor:acme", "officer:kim", OccurredAt, RecordedAt, new byte[32], digest);

        Assert.Equal("d2f9d2ebd25ed9ffd35278ac337eb843a90b8e908131f3dcaab1a4efc094d029", Hex.Format(hash));
        Assert.Equal("b0f106c255fad0fd26e52f52acaad0ad4704cce77d7d289b63bc0deb8ec9eab6", Hex.Format(MerkleHasher.HashLeaf(hash)));
    }

    [Fact]
    public void ComputeEntryHash_AnyFieldChanged_ChangesTheHash()
    {
        var digest = EntryEncoding.ComputePayloadDigest(Salt, "{}"u8);
        var baseline = EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a", OccurredAt, RecordedAt, new byte[32], digest);
        var flipped = (byte[])digest.Clone();
        flipped[0] ^= 1;

        byte[][] variants =
        [
            EntryEncoding.ComputeEntryHash("d", 1, "t.x", "s", "a", OccurredAt, RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 2, "t.x", "s", "a", OccurredAt, RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.y", "s", "a", OccurredAt, RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s2", "a", OccurredAt, RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a2", OccurredAt, RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a", OccurredAt.PlusNanoseconds(1000), RecordedAt, new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a", OccurredAt, RecordedAt.PlusNanoseconds(1000), new byte[32], digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a", OccurredAt, RecordedAt, Enumerable.Repeat((byte)9, 32).ToArray(), digest),
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "s", "a", OccurredAt, RecordedAt, new byte[32], flipped),
            // Length prefixes keep field boundaries: moving a character between fields changes the hash.
            EntryEncoding.ComputeEntryHash("c", 1, "t.x", "sa", "", OccurredAt, RecordedAt, new byte[32], digest),
        ];

        Assert.All(variants, v => Assert.NotEqual(baseline, v));
    }

    [Fact]
    public void ComputeEntryHash_LoneSurrogate_IsRefused()
    {
        var digest = EntryEncoding.ComputePayloadDigest(Salt, "{}"u8);

        Assert.ThrowsAny<ArgumentException>(() => EntryEncoding.ComputeEntryHash("c", 0, "t.x", "bad\ud800", "a", OccurredAt, RecordedAt, new byte[32], digest));
    }

    [Theory]
    [InlineData(-15, -2)]
    [InlineData(-10, -1)]
    [InlineData(19, 1)]
    public void InstantCodec_TicksBelowAMicrosecond_TruncateTowardsThePast(long ticks, long micros)
    {
        var instant = Instant.FromUnixTimeTicks(ticks);

        Assert.Equal(micros, InstantCodec.ToUnixMicroseconds(instant));
        Assert.Equal(Instant.FromUnixTimeTicks(micros * 10), InstantCodec.TruncateToMicroseconds(instant));
    }
}
