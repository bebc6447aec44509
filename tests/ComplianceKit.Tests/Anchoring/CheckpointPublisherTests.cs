using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>The publisher records checkpoints as entries of their own, only when something is new, and never drops one a sink did not take.</summary>
public sealed class CheckpointPublisherTests : IDisposable
{
    private const string Chain = "default";
    private readonly FakeClock _clock = new(TestPki.SigningTime, Duration.FromSeconds(1));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-publisher-");
    private readonly X509CertificateSigner _signer = new(TestPki.Instance.RsaSigner);
    private readonly InMemoryComplianceLedger _ledger;

    public CheckpointPublisherTests() => _ledger = new InMemoryComplianceLedger(_clock, Options().Value);

    [Fact]
    public async Task Publish_RecordsTheSignedCheckpointAsAnEntryAndInTheSink()
    {
        await AppendAsync(5);
        var sink = new DirectoryCheckpointSink(_folder.FullName);

        var result = await Publisher(sink).PublishAsync(Chain, _signer);

        var recorded = Assert.IsType<RecordedCheckpoint>(result.Recorded);
        Assert.Equal(5, recorded.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(5, recorded.Sequence);
        Assert.Equal("test-clinic/compliancekit/default", recorded.Checkpoint.Checkpoint.Origin);
        Assert.Equal((await _ledger.GetTreeHeadAsync(Chain, 5)).Root, recorded.Checkpoint.Checkpoint.Root);
        var entry = await _ledger.GetEntryAsync(Chain, 5);
        Assert.Equal(CheckpointEntryTypes.Published, entry!.EntryType);
        Assert.Equal(recorded.Checkpoint.Checkpoint.ToBytes(), SignedCheckpoint.FromEntry(entry).Checkpoint.ToBytes());
        Assert.True(new CmsSignatureVerifier(TestPki.Instance.NewPolicy()).Verify(recorded.Checkpoint.Checkpoint.ToBytes(), recorded.Checkpoint.Signature).IsValid);
        Assert.Equal(1, result.Published[sink.Name]);
        Assert.Equal(5, await sink.GetNewestTreeSizeAsync(recorded.Checkpoint.Checkpoint.Origin));
        Assert.True((await _ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task Publish_NothingNewButItsOwnEntry_RecordsNoSecondCheckpoint()
    {
        await AppendAsync(3);
        var publisher = Publisher();
        await publisher.PublishAsync(Chain, _signer);

        var again = await publisher.PublishAsync(Chain, _signer);

        Assert.Null(again.Recorded);
        Assert.Equal(3, again.Newest!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(4, (await _ledger.GetTreeHeadAsync(Chain)).Size);
        Assert.Equal(3, (await publisher.GetNewestAsync(Chain))!.Checkpoint.Checkpoint.TreeSize);
    }

    [Fact]
    public async Task PublishIfDue_EveryNEntriesOrTMinutes_WhicheverComesFirst()
    {
        var schedule = new CheckpointSchedule { EveryEntries = 10, Every = Duration.FromMinutes(5) };
        var publisher = Publisher();
        await AppendAsync(2);
        var first = await publisher.PublishIfDueAsync(Chain, _signer, schedule);
        await AppendAsync(9);
        var notYet = await publisher.PublishIfDueAsync(Chain, _signer, schedule);
        await AppendAsync(1);
        var byCount = await publisher.PublishIfDueAsync(Chain, _signer, schedule);
        await AppendAsync(1);
        var notYetAgain = await publisher.PublishIfDueAsync(Chain, _signer, schedule);
        _clock.Advance(Duration.FromMinutes(5));
        var byTime = await publisher.PublishIfDueAsync(Chain, _signer, schedule);

        Assert.Equal(2, first.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.Null(notYet.Recorded);
        Assert.Equal(13, byCount.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.Null(notYetAgain.Recorded);
        Assert.Equal(15, byTime.Recorded!.Checkpoint.Checkpoint.TreeSize);
    }

    [Fact]
    public async Task PublishIfDue_OtherEntriesLandBetweenTheCheckpointedHeadAndItsEntry_TheyCountAsNew()
    {
        // As with the group-commit writer: callers' events queued before the checkpoint's entry commit ahead of it.
        var schedule = new CheckpointSchedule { EveryEntries = 4, Every = Duration.FromDays(1) };
        var publisher = new CheckpointPublisher(_ledger, _clock, Options(), []) { ChainWriters = [new BusyChainWriter(_ledger, Chain, othersFirst: 4)] };
        await AppendAsync(2);
        var first = await publisher.PublishIfDueAsync(Chain, _signer, schedule);

        var second = await publisher.PublishIfDueAsync(Chain, _signer, schedule);
        var third = await publisher.PublishIfDueAsync(Chain, _signer, schedule);

        Assert.Equal(2, first.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(6, first.Recorded.Sequence);
        Assert.Equal(7, second.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(12, third.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.True((await _ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task Publish_SinkDown_IsReportedAndGivenAgainOnTheNextRun()
    {
        var flaky = new FlakySink(new DirectoryCheckpointSink(_folder.FullName)) { Down = true };
        var publisher = Publisher(flaky);
        await AppendAsync(2);
        var down = await publisher.PublishAsync(Chain, _signer);
        await AppendAsync(2);
        var stillDown = await publisher.PublishAsync(Chain, _signer);

        flaky.Down = false;
        var back = await Publisher(flaky).PublishAsync(Chain, _signer);

        Assert.False(down.IsComplete);
        Assert.Equal(2, Assert.Single(down.Failures).TreeSize);
        Assert.False(stillDown.IsComplete);
        Assert.Null(back.Recorded);
        Assert.True(back.IsComplete);
        Assert.Equal(2, back.Published[flaky.Name]);
        Assert.Equal([2L, 5L], DirectoryCheckpointSink.ReadAll(_folder.FullName).Select(s => s.Checkpoint.Checkpoint.TreeSize));
    }

    [Fact]
    public async Task Publish_ASinkAddedLater_GetsEveryCheckpointThoughTheRunReadsFromTheLastOne()
    {
        var first = new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "first"));
        var publisher = Publisher(first);
        foreach (var count in new[] { 2, 3, 4 })
        {
            await AppendAsync(count);
            await publisher.PublishAsync(Chain, _signer);
        }

        var added = new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "added"));
        var run = await new CheckpointPublisher(_ledger, _clock, Options(), [first, added]) { ReadMark = publisher.ReadMark }.PublishAsync(Chain, _signer);

        Assert.Equal(publisher.ReadMark!.CoveredSize, run.Newest!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(3, run.Published[added.Name]);
        Assert.Equal([2L, 6L, 11L], DirectoryCheckpointSink.ReadAll(Path.Combine(_folder.FullName, "added")).Select(s => s.Checkpoint.Checkpoint.TreeSize));
    }

    [Fact]
    public async Task PublishIfDue_AReadMarkFromAnotherHistory_IsNotTrusted()
    {
        // History A: a checkpoint at size 20. History B (a restore, another copy): a checkpoint at size 2, then 20 more entries.
        var schedule = new CheckpointSchedule { EveryEntries = 100, Every = Duration.FromHours(1) };
        await AppendAsync(20);
        var publisherOfA = Publisher();
        await publisherOfA.PublishAsync(Chain, _signer);
        var ledgerB = new InMemoryComplianceLedger(_clock, Options().Value);
        await AppendAsync(ledgerB, 2);
        await new CheckpointPublisher(ledgerB, _clock, Options(), []).PublishAsync(Chain, _signer);
        await AppendAsync(ledgerB, 20);

        var run = await new CheckpointPublisher(ledgerB, _clock, Options(), []) { ReadMark = publisherOfA.ReadMark }.PublishIfDueAsync(Chain, _signer, schedule);

        // Read from A's mark (size 20), B's checkpoint at size 2 would be missed and a checkpoint recorded as if none existed.
        Assert.Null(run.Recorded);
        Assert.Equal(2, run.Newest!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(2, run.Newest.Sequence);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _folder.Delete(recursive: true);
    }

    private static IOptions<ComplianceKitOptions> Options() => Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" });

    private CheckpointPublisher Publisher(params ICheckpointSink[] sinks) => new(_ledger, _clock, Options(), sinks);

    private Task AppendAsync(int count) => AppendAsync(_ledger, count);

    private static async Task AppendAsync(InMemoryComplianceLedger ledger, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ledger.AppendAsync(Chain, [EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}""")]);
        }
    }

    /// <summary>A chain's writer whose queue always holds <paramref name="othersFirst"/> other entries ahead of the one handed to it.</summary>
    private sealed class BusyChainWriter(IComplianceLedger ledger, string chainId, int othersFirst) : IChainWriter
    {
        public string ChainId => chainId;

        public async Task<LedgerEntry> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default)
        {
            var others = Enumerable.Range(0, othersFirst).Select(i => EntryDraft.FromJson("fact.recorded", $"other:{i}", "caller", $$"""{"n":{{i}}}"""));
            var receipt = await ledger.AppendAsync(chainId, [.. others, draft], cancellationToken);
            return receipt.Entries[^1];
        }
    }

    private sealed class FlakySink(ICheckpointSink inner) : ICheckpointSink
    {
        public bool Down { get; set; }

        public string Name => inner.Name;

        public Task PublishAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
            Down ? throw new CheckpointSinkException("the share is offline") : inner.PublishAsync(checkpoint, cancellationToken);

        public Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default) => inner.GetNewestTreeSizeAsync(origin, cancellationToken);
    }
}
