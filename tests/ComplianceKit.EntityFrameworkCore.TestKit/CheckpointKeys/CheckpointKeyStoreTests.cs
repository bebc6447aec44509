using ComplianceKit.Anchoring;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.CheckpointKeys;

/// <summary>
/// The chain of checkpoint keys recorded in a real store and read back from the verified chain (FORMAT.md 13.5): checkpoints published by the
/// rotated key verify, the old key's later ones are refused, a rotation signed by one key only writes nothing (and counts for nothing when
/// appended anyway), a compromise counts only when an administrator signed it. Each store runs every test.
/// </summary>
public abstract class CheckpointKeyStoreTests
{
    private const string Chain = "default";
    private readonly FakeClock _clock = new(TestPki.SigningTime, Duration.FromSeconds(1));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Rotate_CheckpointsByTheNewKeyCount_TheOldKeysLaterCheckpointIsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        using var oldKey = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        using var newKey = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);

        await PublishAsync(ledger, oldKey);
        _clock.Advance(Duration.FromMinutes(5));
        await Recorder(ledger).RotateAsync(Chain, oldKey, newKey);
        _clock.Advance(Duration.FromMinutes(5));
        await PublishAsync(ledger, newKey);
        _clock.Advance(Duration.FromMinutes(5));
        await PublishAsync(ledger, oldKey);

        var history = await Recorder(ledger).ReadHistoryAsync(Chain);
        var verdicts = await JudgeCheckpointsAsync(ledger, history);

        Assert.Empty(history.Findings);
        Assert.Equal([null, null, CheckpointKeyRefusalKind.RotatedAway], verdicts);
    }

    [LedgerFact]
    public async Task Rotate_NewKeyUnderAnotherCa_RefusedAndNothingWritten()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("fact.recorded", "fact:1", "recorder", """{"n":1}""")]);
        using var oldKey = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        using var foreign = new X509CertificateSigner(TestPki.Instance.ForeignSigner);

        var refused = await Assert.ThrowsAsync<CheckpointKeyRefusedException>(() => Recorder(ledger).RotateAsync(Chain, oldKey, foreign));

        Assert.Contains("is not signed by the new key", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await ledger.VerifyAsync(Chain)).TreeHead.Size);
    }

    [LedgerFact]
    public async Task RotationWithOnlyTheOldKeysSignature_AppendedAnyway_CountsForNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        using var oldKey = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        using var newKey = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        var rotation = CheckpointKeyRotation.Parse(await CheckpointKeyRotation.SignAsync(Chain, oldKey, newKey, _clock.GetCurrentInstant()));
        var oneKey = CheckpointKeyRotation.Compose(rotation.SignedContent, rotation.PreviousKeySignature, []);
        await ledger.AppendAsync(Chain, [new EntryDraft(CheckpointKeyEntryTypes.Rotated, "checkpoint-key:x", CheckpointKeyRecorder.RotationActor, oneKey)]);
        _clock.Advance(Duration.FromMinutes(5));
        await PublishAsync(ledger, oldKey);

        var history = await Recorder(ledger).ReadHistoryAsync(Chain);

        var finding = Assert.Single(history.Findings);
        Assert.Equal(CheckpointKeyFindingKind.NotSignedByNewKey, finding.Kind);
        Assert.Equal(0, finding.Sequence);
        Assert.Empty(history.Keys);
        Assert.Equal([null], await JudgeCheckpointsAsync(ledger, history));
    }

    [LedgerFact]
    public async Task Compromise_SignedByAnAdministrator_RefusesTheKeysUntimestampedCheckpoints_AnUnsignedOneCountsForNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, Options());
        using var key = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        using var other = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        await PublishAsync(ledger, key);
        await PublishAsync(ledger, other);
        var compromisedFrom = _clock.GetCurrentInstant() + Duration.FromDays(1);
        var unsigned = new CheckpointKeyCompromise(CertificateFingerprint(other), compromisedFrom, "forged by an insider").ToCanonicalBytes();
        await ledger.AppendAsync(Chain, [new EntryDraft(CheckpointKeyEntryTypes.Compromised, "checkpoint-key:other", "insider", unsigned)]);

        await Recorder(ledger).RecordCompromiseAsync(Chain, CertificateFingerprint(key), compromisedFrom, "HSM backup tape lost", TestAdministrators.Instance.Administrator);
        var history = await Recorder(ledger).ReadHistoryAsync(Chain);

        Assert.Equal([CertificateFingerprint(key)], history.Compromises.Keys);
        Assert.Equal([CheckpointKeyRefusalKind.Compromised, null], await JudgeCheckpointsAsync(ledger, history));
    }

    private static string CertificateFingerprint(X509CertificateSigner signer) => ComplianceKit.Approvals.CertificateFingerprint.Of(signer.Certificate);

    private static ComplianceKitOptions Options() => new() { Organization = "Test Clinic" };

    private CheckpointKeyRecorder Recorder(EntityFrameworkLedger<HostDbContext> ledger) =>
        new(ledger, _clock, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), TestAdministrators.Instance.Trust);

    /// <summary>Appends a fact and records a checkpoint signed by <paramref name="key"/> (a <c>checkpoint.published</c> entry).</summary>
    private async Task PublishAsync(EntityFrameworkLedger<HostDbContext> ledger, ICmsSigner key)
    {
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("fact.recorded", "fact:n", "recorder", """{"n":0}""")]);
        var publication = await new CheckpointPublisher(ledger, _clock, Microsoft.Extensions.Options.Options.Create(Options()), []).PublishAsync(Chain, key);
        Assert.NotNull(publication.Recorded);
    }

    /// <summary>The chain of keys' verdict on every recorded checkpoint, in sequence order.</summary>
    private static async Task<List<CheckpointKeyRefusalKind?>> JudgeCheckpointsAsync(EntityFrameworkLedger<HostDbContext> ledger, CheckpointKeyHistory history)
    {
        var verifier = new CmsSignatureVerifier(TestPki.Instance.NewPolicy());
        var verdicts = new List<CheckpointKeyRefusalKind?>();
        await foreach (var entry in ledger.ReadByTypeAsync(Chain, [CheckpointEntryTypes.Published]))
        {
            var checkpoint = SignedCheckpoint.FromEntry(entry);
            var signature = verifier.Verify(checkpoint.Checkpoint.ToBytes(), checkpoint.Signature);
            Assert.True(signature.IsValid, signature.Message);
            verdicts.Add(history.Judge(signature)?.Kind);
        }

        return verdicts;
    }
}
