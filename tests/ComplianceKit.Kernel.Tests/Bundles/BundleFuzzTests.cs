using System.IO.Compression;
using CsCheck;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// Mutates a small bundle's bytes at random (bit flips, overwrites, insertions, deletions, truncations, copied
/// ranges) and verifies each result: the verifier must never throw, and must never call a mutated bundle verified
/// unless every member still holds exactly the bytes that were signed (a change confined to zip bookkeeping).
/// </summary>
public sealed class BundleFuzzTests
{
    private const int Mutations = 10_000;

    [Fact]
    public async Task Verify_TenThousandMutatedBundles_NeverThrowsAndAcceptsOnlyUnchangedContent()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 6);
        var original = await chain.BundleAsync();
        var members = BundleZip.Members(original);
        Assert.True((await BundleVerification.VerifyAsync(original)).IsValid);
        var accepted = 0;

        var mutation = Gen.Int[0, 5].SelectMany(kind => Gen.Int[0, original.Length - 1].SelectMany(at => Gen.Int[1, 64].SelectMany(length =>
            Gen.Byte.Array[1, 16].Select(bytes => new Mutation(kind, at, length, bytes)))));
        await mutation.Array[1, 3].SampleAsync(async steps =>
        {
            var mutated = steps.Aggregate(original, (bytes, step) => step.Apply(bytes));
            var report = await BundleVerification.VerifyAsync(mutated);

            Assert.True(Enum.IsDefined(report.Verdict));
            if (report.IsValid)
            {
                Interlocked.Increment(ref accepted);
                AssertSameContent(members, mutated, steps);
            }
            else
            {
                Assert.Contains(report.Findings, f => f.IsFailure);
            }
        }, iter: Mutations);

        Assert.True(accepted < Mutations / 2, $"{accepted} of {Mutations} mutations left the bundle verified; the generator hardly reaches the content.");
    }

    private static void AssertSameContent(Dictionary<string, byte[]> expected, byte[] mutated, Mutation[] steps)
    {
        var actual = BundleZip.Members(mutated);
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()), $"Verified with other members after {string.Join(", ", steps.AsEnumerable())}.");
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"Verified with {name} changed after {string.Join(", ", steps.AsEnumerable())}.");
        }
    }

    /// <summary>One change to the archive's bytes.</summary>
    public sealed record Mutation(int Kind, int At, int Length, byte[] Bytes)
    {
        public byte[] Apply(byte[] input)
        {
            if (input.Length == 0)
            {
                return input;
            }

            var at = At % input.Length;
            var length = Math.Min(Length, input.Length - at);
            switch (Kind)
            {
                case 0: // flip one bit
                    var flipped = (byte[])input.Clone();
                    flipped[at] ^= (byte)(1 << (Bytes[0] & 7));
                    return flipped;
                case 1: // overwrite bytes
                    var overwritten = (byte[])input.Clone();
                    Bytes.AsSpan(0, Math.Min(Bytes.Length, input.Length - at)).CopyTo(overwritten.AsSpan(at));
                    return overwritten;
                case 2: // insert bytes
                    return [.. input.AsSpan(0, at), .. Bytes, .. input.AsSpan(at)];
                case 3: // delete a range
                    return [.. input.AsSpan(0, at), .. input.AsSpan(at + length)];
                case 4: // truncate
                    return input[..at];
                default: // copy a range over another place
                    var copied = (byte[])input.Clone();
                    var from = (at + (Bytes[0] * 97)) % input.Length;
                    var count = Math.Min(length, Math.Min(input.Length - from, input.Length - at));
                    input.AsSpan(from, count).CopyTo(copied.AsSpan(at));
                    return copied;
            }
        }

        public override string ToString() => $"{Kind}@{At}x{Length}";
    }
}
