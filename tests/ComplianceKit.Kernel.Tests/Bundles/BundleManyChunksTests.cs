using ComplianceKit.Bundles;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// A bundle whose entries.jsonl spans several of the reader's one-megabyte chunks, which the verifier digests on several threads
/// at once: what it finds must not depend on which thread was first.
/// </summary>
public sealed class BundleManyChunksTests
{
    // About 450 bytes a line: some 4 MB, so five chunks.
    private const int Facts = 9_000;

    private static readonly Lazy<Task<byte[]>> Shared = new(async () => await (await BundleTestChain.CreateAsync(facts: Facts)).BundleAsync());

    [Fact]
    public async Task Verify_ManyChunks_IsValidAndCountsEveryEntry()
    {
        var bundle = await Shared.Value;
        Assert.True(BundleZip.Members(bundle)[BundleFormat.EntriesFile].Length > 3 * 1024 * 1024);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.Equal(BundleVerdict.Verified, report.Verdict);
        Assert.Equal(BundleZip.Lines(BundleZip.Members(bundle)[BundleFormat.EntriesFile]).Count, report.EntriesRead);
    }

    [Fact]
    public async Task Verify_PayloadChangedInALaterChunk_NamesThatEntry()
    {
        var bundle = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle,
            (name, bytes) => name == BundleFormat.EntriesFile ? BundleTamperingTests.ChangePayloadOfLine(bytes, 7_000) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File == BundleFormat.EntriesFile);
        Assert.Equal([7_000L], report.Findings.Where(f => f.Kind == BundleFindingKind.PayloadAltered).Select(f => f.Sequence));
    }

    [Fact]
    public async Task Verify_MalformedLinesInSeveralChunks_AreReportedInLineOrderEveryTime()
    {
        var bundle = await Shared.Value;
        int[] broken = [100, 2_600, 5_100, 8_000];
        var resigned = await BundleZip.ResignAsync(bundle, (name, bytes) => name == BundleFormat.EntriesFile
            ? BundleZip.Join(BundleZip.Lines(bytes).Select((line, i) => broken.Contains(i) ? "{\"chainId\":" : line))
            : bytes);
        string[] expected = [.. broken.Select(i => $"entries.jsonl line {i + 1}:")];

        for (var run = 0; run < 4; run++)
        {
            var report = await BundleVerification.VerifyAsync(resigned);

            var malformed = report.Findings.Where(f => f.Kind == BundleFindingKind.Malformed && f.File == BundleFormat.EntriesFile).Select(f => f.Message).ToList();
            Assert.Equal(expected.Length, malformed.Count);
            Assert.All(expected.Zip(malformed), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
            Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.SequenceGap && f.Sequence == broken[2]);
        }
    }
}
