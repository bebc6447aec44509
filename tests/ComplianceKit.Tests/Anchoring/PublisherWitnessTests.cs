using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>
/// The publisher asks its witnesses after each checkpoint, with the consistency proof from the size each accepted last, records their
/// co-signatures as a <c>checkpoint.cosigned</c> entry and writes them beside the checkpoint in the sink; a refusal is reported.
/// </summary>
public sealed class PublisherWitnessTests : IDisposable
{
    private const string Chain = "default";
    private readonly FakeClock _clock = new(TestPki.SigningTime, Duration.FromSeconds(1));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-publisher-witness-");
    private readonly X509CertificateSigner _signer = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _keyA = new(TestPki.Instance.EcdsaSigner);
    private readonly X509CertificateSigner _keyB = new(TestPki.Instance.IntermediateSigner);
    private readonly InMemoryComplianceLedger _ledger;

    public PublisherWitnessTests() => _ledger = new InMemoryComplianceLedger(_clock, Options().Value);

    [Fact]
    public async Task Publish_TwoWitnesses_AsksBothWithProofsAndStoresTheirCosignaturesInTheChainAndTheSink()
    {
        var sink = new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "sink"));
        var witnesses = new[] { Client("a", _keyA), Client("b", _keyB) };
        await AppendAsync(4);
        var first = await Publisher(sink, witnesses, 2).PublishAsync(Chain, _signer);
        await AppendAsync(3);

        var second = await Publisher(sink, witnesses, 2).PublishAsync(Chain, _signer);
        var nothingNew = await Publisher(sink, witnesses, 2).PublishAsync(Chain, _signer);

        Assert.True(first.IsComplete && second.IsComplete);
        Assert.Equal(2, second.Cosignatures);
        Assert.Null(nothingNew.Recorded);
        Assert.Equal(2, nothingNew.Cosignatures);
        var cosigned = await ReadCosignedAsync();
        Assert.Equal(2, cosigned.Count);
        var latest = CheckpointCosignedPayload.FromEntry(cosigned[^1]);
        Assert.Equal(second.Recorded!.Sequence, latest.CheckpointSequence);
        Assert.Equal(second.Recorded.Checkpoint.Checkpoint.TreeSize, latest.TreeSize);
        var bytes = second.Recorded.Checkpoint.Checkpoint.ToBytes();
        Assert.Equal(new[] { CertificateFingerprint.Of(TestPki.Instance.EcdsaSigner), CertificateFingerprint.Of(TestPki.Instance.IntermediateSigner) }.Order(StringComparer.Ordinal),
            latest.Cosignatures.Select(c => WitnessCosignatures.SignerOf(bytes, Convert.FromBase64String(c.Cosignature))).Order(StringComparer.Ordinal));
        var stored = DirectoryCheckpointSink.ReadAll(sink.Directory).Single(s => s.Checkpoint.Checkpoint.TreeSize == latest.TreeSize);
        Assert.Equal(2, WitnessCosignatures.Count(bytes, stored.Cosignatures, [TestPki.Instance.EcdsaSigner, TestPki.Instance.IntermediateSigner]));
        Assert.True((await _ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task Publish_AWitnessThatRefuses_IsReportedWithItsRefusalAndTheRunIsBelowQuorum()
    {
        var sink = new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "sink"));
        var forked = Client("forked", _keyB);
        var foreign = new InMemoryComplianceLedger(_clock, Options().Value);
        for (var i = 0; i < 9; i++)
        {
            await foreign.AppendAsync(Chain, [EntryDraft.FromJson("fact.recorded", $"other:{i}", "recorder", $$"""{"other":{{i}}}""")]);
        }

        // The witness first accepts another history of the same origin at a larger size.
        await new CheckpointPublisher(foreign, _clock, Options(), []) { Witnesses = [forked], WitnessesRequired = 1 }.PublishAsync(Chain, _signer);
        await AppendAsync(4);

        var result = await Publisher(sink, [Client("a", _keyA), forked], 2).PublishAsync(Chain, _signer);

        Assert.False(result.IsComplete);
        Assert.False(result.HasQuorum);
        Assert.Equal(1, result.Cosignatures);
        var failure = Assert.Single(result.WitnessFailures);
        Assert.Equal(("forked", WitnessFindingKind.Rollback), (failure.Witness, failure.Refusal));
    }

    [Fact]
    public async Task Publish_EmptyChainWithWitnessesRequired_IsCompleteSinceNothingIsThereToCosign()
    {
        // Reported incomplete, the hosted publisher backed off (up to its maximum delay) before the chain's first checkpoint.
        var sink = new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "sink"));

        var result = await Publisher(sink, [Client("a", _keyA)], 1).PublishAsync(Chain, _signer);

        Assert.Null(result.Newest);
        Assert.True(result.HasQuorum);
        Assert.True(result.IsComplete);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _keyA.Dispose();
        _keyB.Dispose();
        _folder.Delete(recursive: true);
    }

    private static IOptions<ComplianceKitOptions> Options() => Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" });

    private InProcessWitnessClient Client(string name, ICmsSigner key) =>
        new(new CheckpointWitness(Path.Combine(_folder.FullName, "state-" + name), new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), key, _clock), name);

    private CheckpointPublisher Publisher(ICheckpointSink sink, IReadOnlyList<ICheckpointWitnessClient> witnesses, int required) =>
        new(_ledger, _clock, Options(), [sink]) { Witnesses = witnesses, WitnessesRequired = required };

    private async Task<List<LedgerEntry>> ReadCosignedAsync()
    {
        var entries = new List<LedgerEntry>();
        await foreach (var entry in _ledger.ReadByTypeAsync(Chain, [CheckpointEntryTypes.Cosigned]))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _ledger.AppendAsync(Chain, [EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}""")]);
        }
    }
}
