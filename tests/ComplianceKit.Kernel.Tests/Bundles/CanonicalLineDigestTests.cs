using System.Text;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Verification;
using CsCheck;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// Hashing a line where it lies (<see cref="CanonicalLineDigest"/>) must never change a finding: for every line it takes, written or
/// mutated, sealed or not, it computes exactly what parsing the line into an entry and computing <see cref="EntryDigests"/> gives.
/// </summary>
public sealed class CanonicalLineDigestTests
{
    private const int Lines = 20_000;

    [Fact]
    public void TryCompute_ASealedLine_HoldsItsPayloadDigestAndHeader()
    {
        var line = EntryLineParserTests.Write(Sealed(EntryLineParserTests.Entry("record:1", "staff:1", payload: [1, 2, 3])), proof: null);
        var item = default(DigestedLine);

        Assert.True(new CanonicalLineDigest().TryCompute(line, ref item));
        Assert.True(item.HeaderHolds);
        Assert.Equal(new PayloadCheck.Facts(false, 32, 32, true), item.Payload);
    }

    [Fact]
    public void TryCompute_ALineWithAProofOrAnEscapedString_IsLeftToTheParser()
    {
        var entry = Sealed(EntryLineParserTests.Entry("record:1", "staff:1", payload: null));
        var item = default(DigestedLine);

        Assert.False(new CanonicalLineDigest().TryCompute(EntryLineParserTests.Write(entry, [new byte[32]]), ref item));
        Assert.False(new CanonicalLineDigest().TryCompute(EntryLineParserTests.Write(EntryLineParserTests.Entry("a \"b\"", "c", null), null), ref item));
    }

    [Fact]
    public void TryCompute_TwentyThousandWrittenAndMutatedLines_AgreesWithTheParsedEntrysDigests()
    {
        var taken = 0;
        var sealedTaken = 0;
        var mutation = Gen.Int[0, 3].SelectMany(kind => Gen.Int[0, 4096].SelectMany(at => Gen.Int[1, 8].SelectMany(length =>
            Gen.Int[0, EntryLineParserTests.Interesting.Length - 1].Array[1, 4].Select(picks => (kind, at, length, picks)))));
        var line = Gen.String[Gen.Char['\u0020', '\u007e'], 0, 24].SelectMany(subject => Gen.String[Gen.Char['\u0020', '\u007e'], 0, 12].SelectMany(actor =>
            Gen.Byte.Array[0, 48].Null(0.2).SelectMany(payload => Gen.Bool.SelectMany(seal =>
                Gen.Long[-5, 5].SelectMany(shift => mutation.Array[0, 2].Select(steps => (subject, actor, payload, seal, shift, steps)))))));
        var digest = new CanonicalLineDigest();

        line.Sample(c =>
        {
            var entry = EntryLineParserTests.Entry(c.subject, c.actor, c.payload, c.shift);
            var bytes = EntryLineParserTests.Write(c.seal ? Sealed(entry) : entry, proof: null);
            bytes = c.steps.Aggregate(bytes, (current, step) => EntryLineParserTests.Mutate(current, step.kind, step.at, step.length, step.picks));
            var item = default(DigestedLine);
            if (!digest.TryCompute(bytes, ref item))
            {
                return;
            }

            var shown = Encoding.UTF8.GetString(bytes);
            Assert.True(new EntryLineParser().TryParse(bytes, out var parsed, out var proof) is null, shown);
            Assert.Null(proof);
            var expected = EntryDigests.Compute(parsed!);
            Assert.True(PayloadCheck.Facts.Of(parsed!, expected.PayloadDigest) == item.Payload, $"payload facts differ for {shown}");
            Assert.True(expected.EntryHash is not null && expected.EntryHash.AsSpan().SequenceEqual(parsed!.EntryHash) == item.HeaderHolds, $"header differs for {shown}");
            Span<byte> hashes = item.Hashes;
            Assert.True(hashes[..32].SequenceEqual(parsed!.PreviousHash) && hashes[32..64].SequenceEqual(parsed.EntryHash)
                && hashes[64..].SequenceEqual(expected.LeafHash), $"hashes differ for {shown}");
            Assert.Equal((parsed.Sequence, parsed.ChainId, parsed.EntryType), (item.Sequence, item.ChainId, item.EntryType));
            taken++;
            sealedTaken += item.HeaderHolds ? 1 : 0;
        }, iter: Lines, threads: 1);

        Assert.True(taken > Lines / 8, $"only {taken} of {Lines} lines were hashed in place: the test hardly exercises it.");
        Assert.True(sealedTaken > Lines / 16, $"only {sealedTaken} lines held their header: the test hardly exercises the matching path.");
    }

    /// <summary>The entry with its real payload digest and entry hash.</summary>
    private static LedgerEntry Sealed(LedgerEntry entry)
    {
        var digest = entry.Payload is null ? entry.PayloadDigest : EntryEncoding.ComputePayloadDigest(entry.PayloadSalt, entry.Payload);
        var withDigest = new LedgerEntry
        {
            ChainId = entry.ChainId, Sequence = entry.Sequence, EntryType = entry.EntryType, Subject = entry.Subject, Actor = entry.Actor,
            OccurredAt = entry.OccurredAt, RecordedAt = entry.RecordedAt, Payload = entry.Payload, PayloadSalt = entry.PayloadSalt,
            PayloadDigest = digest, PreviousHash = entry.PreviousHash, EntryHash = entry.EntryHash,
        };
        return new LedgerEntry
        {
            ChainId = entry.ChainId, Sequence = entry.Sequence, EntryType = entry.EntryType, Subject = entry.Subject, Actor = entry.Actor,
            OccurredAt = entry.OccurredAt, RecordedAt = entry.RecordedAt, Payload = entry.Payload, PayloadSalt = entry.PayloadSalt,
            PayloadDigest = digest, PreviousHash = entry.PreviousHash, EntryHash = EntryEncoding.ComputeEntryHash(withDigest),
        };
    }
}
