using ComplianceKit.Access;
using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>
/// The checkpoint publisher beside the group-commit access log: its entries for the access chain go through the log, the chain's
/// one writer in the host, so publishing never contends with the callers' commits for the chain's lock; the checkpoints are
/// recorded, co-signed, published and verified as before. Each store runs every test.
/// </summary>
public abstract class PublishingThroughGroupCommitTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly FakeClock _clock = new(TestPki.SigningTime, Duration.FromMilliseconds(1));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-publishing-group-commit-");
    private readonly X509CertificateSigner _signer = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _witnessKey = new(TestPki.Instance.EcdsaSigner);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Publish_ChainWrittenByTheGroupCommitLog_CheckpointAndCosignaturesGoThroughTheLogAndVerify()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db), clock: _clock);
        var writer = new RecordingChainWriter(log);
        await RecordAsync(log, callers: 8, each: 10);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        var publication = await Publisher(ledger, writer).PublishAsync(AccessTestKit.Chain, _signer);
        await RecordAsync(log, callers: 4, each: 5);
        var second = await Publisher(ledger, writer).PublishAsync(AccessTestKit.Chain, _signer);
        await log.ShutdownAsync();

        Assert.True(publication.IsComplete && second.IsComplete);
        Assert.Equal(80, publication.Recorded!.Checkpoint.Checkpoint.TreeSize);
        Assert.Equal(1, second.Cosignatures);
        Assert.Equal([CheckpointEntryTypes.Published, CheckpointEntryTypes.Cosigned, CheckpointEntryTypes.Published, CheckpointEntryTypes.Cosigned], writer.Handed);
        var recorded = await ledger.GetEntryAsync(AccessTestKit.Chain, second.Recorded!.Sequence);
        Assert.Equal(CheckpointEntryTypes.Published, recorded!.EntryType);
        Assert.Equal(second.Recorded.Checkpoint.Checkpoint.Root, (await ledger.GetTreeHeadAsync(AccessTestKit.Chain, second.Recorded.Checkpoint.Checkpoint.TreeSize)).Root);
        var verification = await ledger.VerifyAsync(AccessTestKit.Chain);
        Assert.True(verification.IsValid, verification.ToString());
        Assert.Equal(80 + 2 + 20 + 2, verification.EntriesRead);
        Assert.Equal(2, DirectoryCheckpointSink.ReadAll(Sink).Count(s => s.Cosignatures.Count == 1));
    }

    [LedgerFact]
    public async Task Publish_WriterOfAnotherChain_AppendsThroughTheLedger()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = AccessTestKit.Log(new HostContextFactory(db), clock: _clock);
        var writer = new RecordingChainWriter(log);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync("default", [EntryDraft.FromJson("fact.recorded", "fact:1", "recorder", """{"n":1}""")]);

        var publication = await Publisher(ledger, writer).PublishAsync("default", _signer);
        await log.ShutdownAsync();

        Assert.True(publication.IsComplete);
        Assert.Empty(writer.Handed);
        Assert.True((await ledger.VerifyAsync("default")).IsValid);
        Assert.Equal(3, (await ledger.GetTreeHeadAsync("default")).Size);
    }

    [LedgerFact]
    public async Task HostedPublisher_BesideTheAccessLog_KeepsPublishingWhileCallersRecordAndTheChainVerifies()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var (services, kit) = PublishingHost.Create(db, _clock, _signer);
        kit.AddAccessAudit<HostDbContext>(o => o.PseudonymKey = AccessTestKit.Key)
            .AddCheckpointPublishing(o => PublishingHost.Publish(o, AccessTestKit.Chain, everyEntries: 50, Sink, Witness()));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var publishing = Assert.Single(provider.GetServices<IHostedService>());
        await publishing.StartAsync(CancellationToken.None);
        var log = provider.GetRequiredService<IAccessAuditLog>();

        // Due every 50 new entries: the newest checkpoint covers all but fewer than 50 of the events recorded so far.
        await RecordAsync(log, callers: 16, each: 12);
        await WaitForCheckpointAsync(atLeast: 192 - 49);
        await RecordAsync(log, callers: 16, each: 13);
        var published = await WaitForCheckpointAsync(atLeast: 400 - 49);
        await publishing.StopAsync(CancellationToken.None);

        Assert.Same(log, Assert.Single(provider.GetServices<IChainWriter>()));
        Assert.True(published.Count >= 2, $"checkpoints published while the callers recorded: {published.Count}");
        Assert.All(published, p => Assert.Single(p.Cosignatures));
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var verification = await ledger.VerifyAsync(AccessTestKit.Chain);
        Assert.True(verification.IsValid, verification.ToString());
        foreach (var checkpoint in published.Select(p => p.Checkpoint.Checkpoint))
        {
            Assert.Equal(checkpoint.Root, (await ledger.GetTreeHeadAsync(AccessTestKit.Chain, checkpoint.TreeSize)).Root);
        }
    }

    public void Dispose()
    {
        _signer.Dispose();
        _witnessKey.Dispose();
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private string Sink => Path.Combine(_folder.FullName, "sink");

    private CheckpointPublisher Publisher(IComplianceLedger ledger, IChainWriter writer) =>
        new(ledger, _clock, Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" }), [new DirectoryCheckpointSink(Sink)])
        {
            Witnesses = [Witness()], WitnessesRequired = 1, ChainWriters = [writer],
        };

    private InProcessWitnessClient Witness() =>
        new(new CheckpointWitness(Path.Combine(_folder.FullName, "witness"), new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), _witnessKey, _clock), "witness");

    private static Task RecordAsync(IAccessAuditLog log, int callers, int each) =>
        Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await log.RecordAsync(AccessTestKit.Event($"patient/{Guid.NewGuid():N}", $"user-{c}"));
            }
        })));

    /// <summary>
    /// The sink's checkpoints once the newest covers at least <paramref name="atLeast"/> entries and is co-signed (the publisher
    /// polls every 20 ms); fails naming what the sink holds when that does not happen within a minute.
    /// </summary>
    private async Task<IReadOnlyList<StoredCheckpoint>> WaitForCheckpointAsync(long atLeast)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<StoredCheckpoint> all = [];
        while (waited.Elapsed < Patience)
        {
            all = Directory.Exists(Sink) ? DirectoryCheckpointSink.ReadAll(Sink) : [];
            if (all.Count > 0 && all[^1].Checkpoint.Checkpoint.TreeSize >= atLeast && all[^1].Cosignatures.Count > 0)
            {
                return all;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"no co-signed checkpoint of {atLeast} entries or more in the sink; it holds sizes {string.Join(", ", all.Select(c => c.Checkpoint.Checkpoint.TreeSize))}");
        return all;
    }
}
