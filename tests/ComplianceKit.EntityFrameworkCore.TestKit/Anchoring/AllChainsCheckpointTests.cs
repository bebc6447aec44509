using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>
/// One checkpoint over every chain (docs/FORMAT.md 13.8) on a real store: a chain per tenant, one all-chains checkpoint published
/// and co-signed by a witness that holds it to consistency proofs of the heads log; a tenant's chain rewritten with a full recompute,
/// or dropped, passes the chain check alone but is caught through the all-chains checkpoint, naming it and the chain.
/// </summary>
public abstract class AllChainsCheckpointTests : IDisposable
{
    private const string Origin = "test-clinic/compliancekit/*";
    private static readonly string[] Tenants = ["tenant-a", "tenant-b", "tenant-c"];
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-allchains-");
    private readonly X509CertificateSigner _organisation = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _witnessKey = new(TestPki.Instance.EcdsaSigner);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    private string Sink => Path.Combine(_folder.FullName, "sink");

    [LedgerFact]
    public async Task TwoRounds_AppendOnlyTheGrownChainsHeads_AreWitnessedAndAnchorEveryChain()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await AppendTenantsAsync(ledger);

        var first = await Publisher(ledger).PublishAsync(_organisation);
        var idle = await Publisher(ledger).PublishAsync(_organisation);
        await ledger.AppendAsync("tenant-b", Drafts(100, 2));
        var second = await Publisher(ledger).PublishAsync(_organisation);

        Assert.True(first.IsComplete && second.IsComplete, string.Join("; ", second.WitnessFailures.Select(f => f.Message)));
        Assert.Equal(Origin, first.Recorded!.Checkpoint.Checkpoint.Origin);
        Assert.Equal(Tenants.Length, first.Recorded.Checkpoint.Checkpoint.TreeSize);
        Assert.Null(idle.Recorded);
        Assert.Equal(Tenants.Length + 1, second.Recorded!.Checkpoint.Checkpoint.TreeSize); // only tenant-b's new head
        Assert.Equal(1, second.Cosignatures);
        Assert.Equal(AllChainsCheckpoint.RecordingChainId, second.Recorded.ChainId);
        var heads = await HeadsLogAsync(ledger);
        Assert.Equal(["tenant-a", "tenant-b", "tenant-c", "tenant-b"], heads.Select(h => AllChainsCheckpoint.ChainOf(h, Origin)));
        Assert.Equal([5L, 5, 5, 7], heads.Select(h => h.TreeSize));
        Assert.True((await ledger.VerifyAsync(AllChainsCheckpoint.RecordingChainId)).IsValid);

        var anchors = await CheckAsync(ledger);

        Assert.True(anchors.IsValid, string.Join("\n", anchors.Findings));
        Assert.Equal(2, anchors.CheckpointsChecked);
        Assert.Equal(Tenants.Length + 1, anchors.AnchoredSize);
    }

    [LedgerFact]
    public async Task ChainRewrittenWithFullRecompute_VerifiesAlone_ButContradictsItsHeadNamingCheckpointAndChain()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await AppendTenantsAsync(ledger);
        Assert.True((await Publisher(ledger).PublishAsync(_organisation)).IsComplete);

        await DeleteChainAsync(db, "tenant-b");
        var rewritten = Drafts(0, 5);
        rewritten[2] = new EntryDraft(rewritten[2].EntryType, rewritten[2].Subject, rewritten[2].Actor, Encoding.UTF8.GetBytes("""{"n":999}"""), rewritten[2].OccurredAt);
        await using var after = db.CreateContext();
        var insider = db.CreateLedger(after, _clock, Options());
        await insider.AppendAsync("tenant-b", rewritten);

        Assert.True((await insider.VerifyAsync("tenant-b")).IsValid, "the rewrite must pass the chain check alone");
        var anchors = await CheckAsync(insider);
        var finding = Assert.Single(anchors.Findings);
        Assert.Equal(AnchorFindingKind.Contradicted, finding.Kind);
        Assert.Contains("chain 'tenant-b'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(DirectoryCheckpointSink.FolderOf(Origin), $"{Tenants.Length:D20}.txt"), finding.Message, StringComparison.Ordinal);
        Assert.Equal(0, anchors.AnchoredSize);
    }

    [LedgerFact]
    public async Task ChainDropped_IsTruncatedNamingCheckpointAndChain()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await AppendTenantsAsync(ledger);
        Assert.True((await Publisher(ledger).PublishAsync(_organisation)).IsComplete);

        await DeleteChainAsync(db, "tenant-c");
        await using var after = db.CreateContext();
        var anchors = await CheckAsync(db.CreateLedger(after, _clock, Options()));

        var finding = Assert.Single(anchors.Findings);
        Assert.Equal(AnchorFindingKind.Truncated, finding.Kind);
        Assert.Contains("chain 'tenant-c'", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"{Tenants.Length:D20}.txt", finding.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task RecordedHeadRewritten_ContradictsTheCheckpointItself()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await AppendTenantsAsync(ledger);
        var published = await Publisher(ledger).PublishAsync(_organisation);

        // The insider rewrites the recording chain so that its heads log leaves tenant-a out, re-signing nothing it cannot.
        var recorded = published.Recorded!.Checkpoint;
        var forged = new AllChainsCheckpointPayload
        {
            Checkpoint = Convert.ToBase64String(recorded.Checkpoint.ToBytes()), Signature = Convert.ToBase64String(recorded.Signature),
            Heads = [.. (await HeadsLogAsync(ledger)).Skip(1).Prepend(new Checkpoint("test-clinic/compliancekit/tenant-a", 1, new byte[32])).Select(h => Convert.ToBase64String(h.ToBytes()))],
        };
        await DeleteChainAsync(db, AllChainsCheckpoint.RecordingChainId);
        await using var after = db.CreateContext();
        var insider = db.CreateLedger(after, _clock, Options());
        await insider.AppendAsync(AllChainsCheckpoint.RecordingChainId, [new EntryDraft(CheckpointEntryTypes.AllChains, $"checkpoint:{Tenants.Length}", "compliancekit-checkpoint", forged.ToCanonicalBytes(), _clock.GetCurrentInstant())]);

        var anchors = await CheckAsync(insider);

        var finding = Assert.Single(anchors.Findings);
        Assert.Equal(AnchorFindingKind.Contradicted, finding.Kind);
        Assert.Contains("recorded heads were rewritten", finding.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task HostedPublisher_AllChains_PublishesTheAllChainsCheckpointCosignedToTheSink_AndItAnchorsEveryChain()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using (var context = db.CreateContext())
        {
            await AppendTenantsAsync(db.CreateLedger(context, _clock, Options()));
        }

        var (services, kit) = PublishingHost.Create(db, _clock, _organisation);
        kit.AddCheckpointPublishing(o =>
        {
            PublishingHost.Publish(o, "tenant-a", everyEntries: 1, Sink, Witness());
            o.AllChains = true;
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var publishing = Assert.Single(provider.GetServices<IHostedService>());

        await publishing.StartAsync(CancellationToken.None);
        var published = await WaitForAllChainsCheckpointAsync(Tenants.Length);
        await publishing.StopAsync(CancellationToken.None);

        Assert.Single(published.Cosignatures);
        Assert.Contains(DirectoryCheckpointSink.ReadAll(Sink), s => s.Checkpoint.Checkpoint.Origin == "test-clinic/compliancekit/tenant-a");
        await using var after = db.CreateContext();
        var ledger = db.CreateLedger(after, _clock, Options());
        Assert.True((await ledger.VerifyAsync(AllChainsCheckpoint.RecordingChainId)).IsValid);
        var anchors = await CheckAsync(ledger);
        Assert.True(anchors.IsValid, string.Join("\n", anchors.Findings));
        Assert.Equal(Tenants.Length, anchors.AnchoredSize);
    }

    public void Dispose()
    {
        _organisation.Dispose();
        _witnessKey.Dispose();
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private static ComplianceKitOptions Options() => new() { Organization = "Test Clinic" };

    private AllChainsCheckpointPublisher Publisher(IComplianceLedger ledger) =>
        new(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()), [new DirectoryCheckpointSink(Sink)])
        {
            Witnesses = [Witness()], WitnessesRequired = 1,
        };

    private InProcessWitnessClient Witness() =>
        new(new CheckpointWitness(Path.Combine(_folder.FullName, "witness"), new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), _witnessKey, _clock), "witness");

    /// <summary>The sink's all-chains checkpoint once one of at least <paramref name="heads"/> heads is there co-signed; fails naming what it holds after a minute.</summary>
    private async Task<StoredCheckpoint> WaitForAllChainsCheckpointAsync(long heads)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<StoredCheckpoint> all = [];
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            all = Directory.Exists(Sink) ? DirectoryCheckpointSink.ReadAll(Sink) : [];
            if (all.LastOrDefault(s => s.Checkpoint.Checkpoint.Origin == Origin) is { } newest && newest.Checkpoint.Checkpoint.TreeSize >= heads && newest.Cosignatures.Count > 0)
            {
                return newest;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"no co-signed all-chains checkpoint of {heads} heads in the sink; it holds {string.Join(", ", all.Select(s => s.File))}");
        return all[0];
    }

    private static async Task AppendTenantsAsync(EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext> ledger)
    {
        foreach (var tenant in Tenants)
        {
            await ledger.AppendAsync(tenant, Drafts(0, 5));
        }
    }

    private static async Task<IReadOnlyList<Checkpoint>> HeadsLogAsync(EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext> ledger)
    {
        var rounds = new List<(SignedCheckpoint, IReadOnlyList<Checkpoint>)>();
        await foreach (var entry in ledger.ReadByTypeAsync(AllChainsCheckpoint.RecordingChainId, [CheckpointEntryTypes.AllChains]))
        {
            rounds.Add(AllChainsCheckpointPayload.Read(entry));
        }

        return AllChainsCheckpoint.HeadsLogOf(rounds);
    }

    /// <summary>What an auditor does with the sink and the database: the all-chains checkpoints against the recorded heads and every chain.</summary>
    private async Task<AnchorReport> CheckAsync(EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext> ledger)
    {
        var verifier = new CmsSignatureVerifier(TestPki.Instance.NewPolicy());
        var candidates = DirectoryCheckpointSink.ReadAll(Sink)
            .Select(s => new AnchorCandidate(s.File, s.Checkpoint, verifier.Verify(s.Checkpoint.Checkpoint.ToBytes(), s.Checkpoint.Signature), s.Cosignatures.Count)).ToList();
        var chains = await ledger.GetChainIdsAsync();
        async Task<byte[]?> RootOf(string chain, long size, CancellationToken ct) =>
            chains.Contains(chain) && (await ledger.GetTreeHeadAsync(chain, cancellationToken: ct)).Size >= size ? (await ledger.GetTreeHeadAsync(chain, size, ct)).Root : null;
        return await AllChainsVerifier.CheckAsync(Origin, await HeadsLogAsync(ledger), RootOf, candidates, witnessesRequired: 1, CancellationToken.None);
    }

    private static async Task DeleteChainAsync(TestDatabase db, string chain)
    {
        foreach (var table in new[] { "ck_ledger_entries", "ck_merkle_nodes", "ck_chain_heads" })
        {
            await db.ExecuteAsync($"DELETE FROM {db.Table(table)} WHERE chain_id = '{chain}'");
        }
    }

    private static List<EntryDraft> Drafts(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}"""))];
}
