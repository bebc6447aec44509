using System.Text;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using CsCheck;
using NodaTime;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// The byte-matching reader of exporter-shaped lines (<see cref="CanonicalEntryLine"/>) must never change a verdict: for
/// every line, written or mutated, <see cref="EntryLineParser.TryParse"/> gives exactly what the strict JSON reader alone
/// gives (the same problem text, or the same entry and proof).
/// </summary>
public sealed class EntryLineParserTests
{
    private const int Lines = 20_000;

    // Bytes that move a line across the boundary between the two readers: JSON syntax, escapes, digits, base64 and UTF-8.
    internal static readonly byte[] Interesting = "\"\\ ,:{}[]-+.eE0123456789=/AZaz\t\r\n"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xFF }).ToArray();

    [Fact]
    public void TryParse_WrittenLines_AreReadWithoutTheTokenizerToTheSameEntry()
    {
        var entry = Entry("record:1", "staff:1", payload: [1, 2, 3]);
        var line = Write(entry, proof: null);

        Assert.True(new CanonicalEntryLine().TryRead(line, out var read, out var proof));
        Assert.Null(proof);
        Assert.Equal(line, Write(read!, null));
        Assert.Null(new EntryLineParser().TryParse(line, out var parsed, out _));
        Assert.Equal(line, Write(parsed!, null));
    }

    [Fact]
    public void TryRead_ALineWithAnEscapedOrNonAsciiString_IsLeftToTheStrictReader()
    {
        var accented = Write(Entry("patient:José", "staff:1", payload: null), proof: null);
        var escaped = Write(Entry("record \"7\"", "staff:1", payload: null), proof: null);

        Assert.False(new CanonicalEntryLine().TryRead(accented, out _, out _));
        Assert.False(new CanonicalEntryLine().TryRead(escaped, out _, out _));
        Assert.Null(new EntryLineParser().TryParse(accented, out var entry, out _));
        Assert.Equal("patient:José", entry!.Subject);
    }

    [Fact]
    public void TryParse_TwentyThousandWrittenAndMutatedLines_AgreesWithTheStrictReaderOnEveryOne()
    {
        var canonical = 0;
        var mutation = Gen.Int[0, 3].SelectMany(kind => Gen.Int[0, 4096].SelectMany(at => Gen.Int[1, 8].SelectMany(length =>
            Gen.Int[0, Interesting.Length - 1].Array[1, 4].Select(picks => (kind, at, length, picks)))));
        var line = Gen.String[Gen.Char['\u0020', '\u007e'], 0, 24].SelectMany(subject => Gen.Frequency((3, Gen.String[Gen.Char['\u0020', '\u007e'], 0, 12]), (1, Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 12])).SelectMany(actor =>
            Gen.Byte.Array[0, 48].Null(0.2).SelectMany(payload => Gen.Int[0, 70].SelectMany(proof =>
                Gen.Long[-5, 5].SelectMany(shift => mutation.Array[0, 2].Select(steps => (subject, actor, payload, proof, shift, steps)))))));

        line.Sample(c =>
        {
            var proof = c.proof > 66 ? null : Enumerable.Range(0, c.proof).Select(i => new byte[] { (byte)i, 1, 2 }).ToList();
            var bytes = Write(Entry(c.subject, c.actor, c.payload, c.shift), proof);
            bytes = c.steps.Aggregate(bytes, (current, step) => Mutate(current, step.kind, step.at, step.length, step.picks));

            var strict = new EntryLineParser().TryParseStrict(bytes, out var expected, out var expectedProof);
            var actual = new EntryLineParser().TryParse(bytes, out var entry, out var actualProof);

            var shown = Encoding.UTF8.GetString(bytes);
            Assert.True(strict == actual, $"strict: {strict}; fast path: {actual}; line: {shown}");
            if (strict is null)
            {
                Assert.True(Write(expected!, expectedProof).AsSpan().SequenceEqual(Write(entry!, actualProof)), $"different entries from {shown}");
                canonical += new CanonicalEntryLine().TryRead(bytes, out _, out _) ? 1 : 0;
            }
        }, iter: Lines, threads: 1);

        Assert.True(canonical > Lines / 8, $"only {canonical} of {Lines} lines took the byte-matching path: the test hardly exercises it.");
    }

    internal static LedgerEntry Entry(string subject, string actor, byte[]? payload, long shift = 0) => new()
    {
        ChainId = "bench",
        Sequence = 41 + shift,
        EntryType = "phi.accessed",
        Subject = subject,
        Actor = actor,
        OccurredAt = Instant.FromUnixTimeSeconds(1_767_225_600 + shift),
        RecordedAt = Instant.FromUnixTimeSeconds(1_767_225_601),
        Payload = payload,
        PayloadSalt = payload is null ? null : new byte[32],
        PayloadDigest = Enumerable.Repeat((byte)7, 32).ToArray(),
        PreviousHash = new byte[32],
        EntryHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
    };

    /// <summary>The line as the exporter writes it, without its line feed.</summary>
    internal static byte[] Write(LedgerEntry entry, List<byte[]>? proof)
    {
        using var writer = new EntryLineWriter();
        writer.Write(entry, proof);
        return writer.Written[..^1].ToArray();
    }

    internal static byte[] Mutate(byte[] line, int kind, int at, int length, int[] picks)
    {
        var bytes = picks.Select(p => Interesting[p]).ToArray();
        if (line.Length == 0)
        {
            return bytes;
        }

        at %= line.Length;
        length = Math.Min(length, line.Length - at);
        return kind switch
        {
            0 => [.. line.AsSpan(0, at), .. bytes, .. line.AsSpan(at + Math.Min(bytes.Length, line.Length - at))], // overwrite
            1 => [.. line.AsSpan(0, at), .. bytes, .. line.AsSpan(at)], // insert
            2 => [.. line.AsSpan(0, at), .. line.AsSpan(at + length)], // delete
            _ => line[..at], // truncate
        };
    }
}
