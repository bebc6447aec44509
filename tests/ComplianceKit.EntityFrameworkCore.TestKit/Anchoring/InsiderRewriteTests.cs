using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>
/// The insider attacks a hash chain alone cannot catch: the operator deletes the chain's rows and appends a rewritten history
/// through the library itself, so every hash, Merkle node and head is recomputed exactly as docs/FORMAT.md says. Verification
/// passes today; once a checkpoint was published to a sink outside the database, the same rewrite contradicts it, naming it.
/// Each store runs every test.
/// </summary>
public abstract class InsiderRewriteTests : IDisposable
{
    private const string Chain = "default";
    private const int Facts = 20;
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));
    private readonly DirectoryInfo _sinkFolder = Directory.CreateTempSubdirectory("compliancekit-sink-");

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task PayloadRewrittenWithFullRecompute_VerifiesAlone_ButContradictsThePublishedCheckpoint()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var original = await RecordAndPublishAsync(db);

        var rewritten = await RewriteAsync(db, [.. original.Select((e, i) => i == 5 ? WithPayload(e, """{"n":999}""") : e)]);

        await AssertVerifiesAloneButIsCaughtAsync(rewritten, AnchorFindingKind.Contradicted);
    }

    [LedgerFact]
    public async Task TailCut_VerifiesAlone_ButIsTruncatedBelowThePublishedCheckpoint()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var original = await RecordAndPublishAsync(db);

        var rewritten = await RewriteAsync(db, [.. original.Take(12)]);

        await AssertVerifiesAloneButIsCaughtAsync(rewritten, AnchorFindingKind.Truncated);
    }

    [LedgerFact]
    public async Task EntryDeletedAndTheRestRenumbered_VerifiesAlone_ButContradictsThePublishedCheckpoint()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var original = await RecordAndPublishAsync(db);

        var rewritten = await RewriteAsync(db, [.. original.Where((_, i) => i != 7)]);

        await AssertVerifiesAloneButIsCaughtAsync(rewritten, AnchorFindingKind.Contradicted);
    }

    [LedgerFact]
    public async Task HistoryRewrittenAndExtendedPastTheOldSize_VerifiesAlone_ButContradictsThePublishedCheckpoint()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        var original = await RecordAndPublishAsync(db);

        var rewritten = await RewriteAsync(db, [.. original.Select((e, i) => i == 3 ? WithPayload(e, """{"n":-3}""") : e), .. Drafts(Facts, 15)]);

        await AssertVerifiesAloneButIsCaughtAsync(rewritten, AnchorFindingKind.Contradicted);
    }

    [LedgerFact]
    public async Task HonestAppendsAfterTheCheckpoint_AreAnUnanchoredTailNotAFinding()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await RecordAndPublishAsync(db);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await ledger.AppendAsync(Chain, Drafts(Facts, 4));

        var (verification, anchors) = await CheckAsync(ledger);

        Assert.True(verification.IsValid, verification.ToString());
        Assert.True(anchors.IsValid, string.Join("\n", anchors.Findings));
        Assert.Equal(Facts, anchors.AnchoredSize);
        Assert.Equal(Facts + 1 + 4, anchors.ChainSize);
        Assert.Equal(5, anchors.UnanchoredEntries);
        Assert.NotNull(anchors.NewestAnchorTime);
    }

    public void Dispose()
    {
        _sinkFolder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    private static ComplianceKitOptions Options() => new() { Organization = "Test Clinic" };

    private async Task AssertVerifiesAloneButIsCaughtAsync(EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext> ledger, AnchorFindingKind expected)
    {
        var (verification, anchors) = await CheckAsync(ledger);

        Assert.True(verification.IsValid, $"the rewrite must pass the chain check alone: {verification}");
        var finding = Assert.Single(anchors.Findings);
        Assert.Equal(expected, finding.Kind);
        Assert.Equal(Facts, finding.TreeSize);
        Assert.Contains(Path.Combine(DirectoryCheckpointSink.FolderOf("test-clinic/compliancekit/default"), $"{Facts:D20}.txt"), finding.Message, StringComparison.Ordinal);
        Assert.Equal(0, anchors.AnchoredSize);
    }

    private async Task<(ChainVerificationReport, AnchorReport)> CheckAsync(EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext> ledger)
    {
        var verification = await ledger.VerifyAsync(Chain);
        var verifier = new CmsSignatureVerifier(TestPki.Instance.NewPolicy());
        var candidates = DirectoryCheckpointSink.ReadAll(_sinkFolder.FullName)
            .Select(s => new AnchorCandidate(s.File, s.Checkpoint, verifier.Verify(s.Checkpoint.Checkpoint.ToBytes(), s.Checkpoint.Signature), 0)).ToList();
        var anchors = await AnchorVerifier.CheckAsync("test-clinic/compliancekit/default", verification.TreeHead.Size,
            async (size, ct) => (await ledger.GetTreeHeadAsync(Chain, size, ct)).Root, candidates, witnessesRequired: 0, CancellationToken.None);
        return (verification, anchors);
    }

    /// <summary>Twenty facts, then a checkpoint of them recorded (entry 20) and published to the directory sink.</summary>
    private async Task<List<EntryDraft>> RecordAndPublishAsync(TestDatabase db)
    {
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await ledger.AppendAsync(Chain, Drafts(0, Facts));
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var publication = await new CheckpointPublisher(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()), [new DirectoryCheckpointSink(_sinkFolder.FullName)])
            .PublishAsync(Chain, signer);
        Assert.True(publication.IsComplete);
        Assert.Equal(Facts, publication.Recorded!.Checkpoint.Checkpoint.TreeSize);

        var entries = new List<EntryDraft>();
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            entries.Add(new EntryDraft(entry.EntryType, entry.Subject, entry.Actor, entry.Payload, entry.OccurredAt));
        }

        return entries;
    }

    /// <summary>What the operator does: deletes the chain's rows and appends <paramref name="history"/> through the library, which recomputes everything.</summary>
    private async Task<EntityFrameworkCore.Ledger.EntityFrameworkLedger<HostDbContext>> RewriteAsync(TestDatabase db, IReadOnlyList<EntryDraft> history)
    {
        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_ledger_entries")}");
        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_merkle_nodes")}");
        await db.ExecuteAsync($"DELETE FROM {db.Table("ck_chain_heads")}");
        var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        foreach (var batch in history.Chunk(10))
        {
            await ledger.AppendAsync(Chain, batch);
        }

        return ledger;
    }

    private static EntryDraft WithPayload(EntryDraft draft, string json) =>
        new(draft.EntryType, draft.Subject, draft.Actor, Encoding.UTF8.GetBytes(json), draft.OccurredAt);

    private static List<EntryDraft> Drafts(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}"""))];
}
