using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>
/// Restoring a real backup of the database (a SQLite backup file, a PostgreSQL template copy) after checkpoints past it were published
/// and witnessed: without a restore statement the witness sees a rollback and verification sees anchored entries removed; with the
/// signed statement the witness co-signs the restored history and verification reports the lost entries as a gap, not tampering.
/// Each store runs every test.
/// </summary>
public abstract class RestoreFromBackupTests : IAsyncLifetime, IDisposable
{
    private const string Chain = "default";
    private const string Origin = "test-clinic/compliancekit/default";
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));
    private readonly DirectoryInfo _sink = Directory.CreateTempSubdirectory("compliancekit-sink-");
    private readonly DirectoryInfo _witnessState = Directory.CreateTempSubdirectory("compliancekit-witness-");
    private readonly X509CertificateSigner _organisation = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _witnessKey = new(TestPki.Instance.EcdsaSigner);
    private TestDatabase _db = null!;

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Restore_WithTheSignedStatement_TheWitnessCosignsAndVerificationReportsTheGap()
    {
        await RestoreAfterCheckpointAt21Async();

        await using var context = _db.CreateContext();
        var ledger = Ledger(context);
        var recording = await new RestoreStatementRecorder(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()))
            .RecordAsync(Chain, [new DirectoryCheckpointSink(_sink.FullName)], Trust(), _organisation);
        var published = await PublishAsync(ledger);
        var restore = Assert.Single(DirectoryCheckpointSink.ReadRestores(_sink.FullName));
        var witnessed = await Witness().CosignAfterRestoreAsync(published.Recorded!.Checkpoint, await ProofAsync(ledger, 10, published.Recorded.Checkpoint.Checkpoint.TreeSize),
            restore.Statement);
        var (verification, anchors) = await VerifyAsync(ledger, withRestores: true);

        Assert.True(recording.IsComplete, recording.Refusal);
        Assert.Equal((10L, 21L), (recording.Statement!.Statement.RestoredTo.TreeSize, recording.Statement.Statement.Lost.TreeSize));
        Assert.Equal(CheckpointEntryTypes.Restored, (await ledger.GetEntryAsync(Chain, recording.Sequence!.Value))!.EntryType);
        Assert.True(witnessed.IsCosigned, witnessed.Message);
        Assert.Equal(10, witnessed.AcceptedRestore!.RestoredTo.TreeSize);
        Assert.True(verification.IsValid, verification.ToString());
        Assert.True(anchors.IsValid, string.Join("\n", anchors.Findings));
        var gap = Assert.Single(anchors.Findings);
        Assert.Equal(AnchorFindingKind.LostInRestore, gap.Kind);
        Assert.StartsWith("entries 10..20 lost in a restore on 2025-06-01, statement signed by CN=Casey Officer", gap.Message, StringComparison.Ordinal);
        Assert.Equal(published.Recorded.Checkpoint.Checkpoint.TreeSize, anchors.AnchoredSize);
    }

    [LedgerFact]
    public async Task Restore_WithoutAStatement_IsARollbackToTheWitnessAndTruncationToVerification()
    {
        await RestoreAfterCheckpointAt21Async();

        await using var context = _db.CreateContext();
        var ledger = Ledger(context);
        var published = await PublishAsync(ledger);
        var witnessed = await Witness().CosignAsync(published.Recorded!.Checkpoint, await ProofAsync(ledger, 10, published.Recorded.Checkpoint.Checkpoint.TreeSize));
        var (verification, anchors) = await VerifyAsync(ledger, withRestores: true);

        Assert.Equal(WitnessFindingKind.Rollback, witnessed.Refusal);
        Assert.True(verification.IsValid, verification.ToString());
        var finding = Assert.Single(anchors.Findings);
        Assert.Equal(AnchorFindingKind.Truncated, finding.Kind);
        Assert.Equal(21, finding.TreeSize);
    }

    [LedgerFact]
    public async Task Restore_AStatementSignedByAnUntrustedKey_IsRefusedByTheWitnessAndExcusesNothing()
    {
        await RestoreAfterCheckpointAt21Async();
        using var foreign = new X509CertificateSigner(TestPki.Instance.ForeignSigner);

        await using var context = _db.CreateContext();
        var ledger = Ledger(context);
        var recording = await new RestoreStatementRecorder(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()))
            .RecordAsync(Chain, [new DirectoryCheckpointSink(_sink.FullName)], Trust(), foreign);
        var published = await PublishAsync(ledger);
        var witnessed = await Witness().CosignAfterRestoreAsync(published.Recorded!.Checkpoint, await ProofAsync(ledger, 10, published.Recorded.Checkpoint.Checkpoint.TreeSize),
            recording.Statement!);
        var (_, anchors) = await VerifyAsync(ledger, withRestores: true);

        Assert.Equal(WitnessFindingKind.Rollback, witnessed.Refusal);
        Assert.Equal(21, Witness().LastAccepted(Origin)!.TreeSize);
        Assert.False(anchors.IsValid);
        Assert.Contains(anchors.Findings, f => f.Kind == AnchorFindingKind.SignatureInvalid && f.Source.EndsWith(DirectoryCheckpointSink.RestoreStatementFile, StringComparison.Ordinal));
        Assert.Contains(anchors.Findings, f => f.Kind == AnchorFindingKind.Truncated && f.TreeSize == 21);
    }

    [LedgerFact]
    public async Task Restore_NothingLost_IsRefusedAndNothingIsWritten()
    {
        await using (var context = _db.CreateContext())
        {
            var ledger = Ledger(context);
            await ledger.AppendAsync(Chain, Drafts(0, 10));
            await PublishAsync(ledger);
        }

        await using var reopened = _db.CreateContext();
        var current = Ledger(reopened);
        var size = (await current.GetTreeHeadAsync(Chain)).Size;
        var recording = await new RestoreStatementRecorder(current, _clock, Microsoft.Extensions.Options.Options.Create(Options()))
            .RecordAsync(Chain, [new DirectoryCheckpointSink(_sink.FullName)], Trust(), _organisation);

        Assert.False(recording.IsComplete);
        Assert.Contains("nothing published was lost", recording.Refusal, StringComparison.Ordinal);
        Assert.Equal(size, (await current.GetTreeHeadAsync(Chain)).Size);
        Assert.Empty(DirectoryCheckpointSink.ReadRestores(_sink.FullName));
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Engine);

    /// <inheritdoc />
    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <inheritdoc />
    public void Dispose()
    {
        _organisation.Dispose();
        _witnessKey.Dispose();
        _sink.Delete(recursive: true);
        _witnessState.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Ten facts and a checkpoint of them (published, witnessed); a backup; ten more facts and a checkpoint at 21 (published, witnessed);
    /// then the backup restored and three facts appended to the restored history.
    /// </summary>
    private async Task RestoreAfterCheckpointAt21Async()
    {
        await using (var context = _db.CreateContext())
        {
            var ledger = Ledger(context);
            await ledger.AppendAsync(Chain, Drafts(0, 10));
            var first = await PublishAsync(ledger);
            Assert.True((await Witness().CosignAsync(first.Recorded!.Checkpoint, [])).IsCosigned);
        }

        await using var backup = await DatabaseBackup.TakeAsync(_db);
        await using (var context = _db.CreateContext())
        {
            var ledger = Ledger(context);
            await ledger.AppendAsync(Chain, Drafts(10, 10));
            var second = await PublishAsync(ledger);
            Assert.Equal(21, second.Recorded!.Checkpoint.Checkpoint.TreeSize);
            Assert.True((await Witness().CosignAsync(second.Recorded.Checkpoint, await ProofAsync(ledger, 10, 21))).IsCosigned);
        }

        await backup.RestoreAsync();
        await using (var context = _db.CreateContext())
        {
            var ledger = Ledger(context);
            Assert.Equal(11, (await ledger.GetTreeHeadAsync(Chain)).Size);
            await ledger.AppendAsync(Chain, Drafts(100, 3));
        }
    }

    private async Task<CheckpointPublication> PublishAsync(IComplianceLedger ledger) =>
        await new CheckpointPublisher(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()), [new DirectoryCheckpointSink(_sink.FullName)])
            .PublishAsync(Chain, _organisation);

    private async Task<(ChainVerificationReport, AnchorReport)> VerifyAsync(EntityFrameworkLedger<HostDbContext> ledger, bool withRestores)
    {
        var verification = await ledger.VerifyAsync(Chain);
        var trust = Trust();
        var candidates = DirectoryCheckpointSink.ReadAll(_sink.FullName)
            .Select(s => new AnchorCandidate(s.File, s.Checkpoint, trust.Verify(s.Checkpoint.Checkpoint.ToBytes(), s.Checkpoint.Signature), 0) { Epoch = s.Epoch }).ToList();
        var restores = withRestores
            ? DirectoryCheckpointSink.ReadRestores(_sink.FullName).Select(r => new RestoreCandidate(r.File, r.Statement, trust.Verify(r.Statement.Statement.ToBytes(), r.Statement.Signature), r.Epoch)).ToList()
            : [];
        var anchors = await AnchorVerifier.CheckAsync(Origin, verification.TreeHead.Size, async (size, ct) => (await ledger.GetTreeHeadAsync(Chain, size, ct)).Root,
            candidates, restores, witnessesRequired: 0, CancellationToken.None);
        return (verification, anchors);
    }

    private static async Task<IReadOnlyList<byte[]>> ProofAsync(EntityFrameworkLedger<HostDbContext> ledger, long first, long second) =>
        (await ledger.GetConsistencyProofAsync(Chain, first, second)).Path;

    private EntityFrameworkLedger<HostDbContext> Ledger(HostDbContext context) => _db.CreateLedger(context, _clock, Options());

    private CheckpointWitness Witness() => new(_witnessState.FullName, Trust(), _witnessKey, _clock);

    private static CmsSignatureVerifier Trust() => new(TestPki.Instance.NewPolicy());

    private static ComplianceKitOptions Options() => new() { Organization = "Test Clinic" };

    private static List<EntryDraft> Drafts(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}"""))];
}
