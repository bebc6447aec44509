using System.Runtime.CompilerServices;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Projection;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Projection;

public sealed class IncrementalComplianceProjectionTests : IDisposable
{
    private const string Chain = "c";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(1));
    private readonly InMemoryComplianceLedger _ledger;
    private readonly IncrementalComplianceProjection _projection = new(Chain);

    public IncrementalComplianceProjectionTests() => _ledger = new InMemoryComplianceLedger(_clock);

    public void Dispose() => _projection.Dispose();

    [Fact]
    public async Task UpdateAsync_AfterAppends_VerifiesAndAppliesOnlyTheNewEntries()
    {
        await DefineAsync(_ledger, "ctl-1", "ctl-2", "ctl-3");
        await _projection.UpdateAsync(_ledger);
        Assert.Equal((true, 3L), (_projection.LastUpdateRebuilt, _projection.LastUpdateEntriesRead));

        await DefineAsync(_ledger, "ctl-4", "ctl-5");
        var snapshot = await _projection.UpdateAsync(_ledger);

        Assert.Equal((false, 2L, 5L), (_projection.LastUpdateRebuilt, _projection.LastUpdateEntriesRead, _projection.Size));
        var rebuilt = await VerifiedProjection.BuildAsync(_ledger, Chain);
        Assert.Equal(rebuilt.Controls.Select(c => c.ControlId), snapshot.Controls.Select(c => c.ControlId));
        Assert.Equal(rebuilt.LedgerSize, snapshot.LedgerSize);
        Assert.Equal(rebuilt.LedgerRoot, snapshot.LedgerRoot);
    }

    [Fact]
    public async Task UpdateAsync_NothingAppended_ReadsNoEntry()
    {
        await DefineAsync(_ledger, "ctl-1");
        await _projection.UpdateAsync(_ledger);

        var snapshot = await _projection.UpdateAsync(_ledger);

        Assert.Equal((false, 0L), (_projection.LastUpdateRebuilt, _projection.LastUpdateEntriesRead));
        Assert.Equal("ctl-1", Assert.Single(snapshot.Controls).ControlId);
    }

    [Fact]
    public async Task UpdateAsync_Later_DoesNotChangeASnapshotItReturnedBefore()
    {
        await _ledger.AppendAsync(Chain, [new ControlDefinition { Id = "ctl", Title = "Before" }.ToDraft("o"),
            new BusinessAssociateAgreement { BaaId = "b", VendorId = "lab", Clauses = ["permitted-uses"] }.ToDraftedDraft("o")]);
        var first = await _projection.UpdateAsync(_ledger);

        await _ledger.AppendAsync(Chain, [new ControlDefinition { Id = "ctl", Title = "After" }.ToDraft("o")]);
        var second = await _projection.UpdateAsync(_ledger);

        Assert.Equal(("Before", "After"), (Assert.Single(first.Controls).Title, Assert.Single(second.Controls).Title));
        Assert.Equal("b", Assert.Single(Assert.Single(first.Vendors).Agreements).BaaId);
        Assert.Equal("b", Assert.Single(Assert.Single(second.Vendors).Agreements).BaaId);
    }

    [Fact]
    public async Task UpdateAsync_OnlyEntriesOfOtherTypesAppended_SharesTheRowsAtTheNewSize()
    {
        await DefineAsync(_ledger, "ctl-1");
        var first = await _projection.UpdateAsync(_ledger);

        await _ledger.AppendAsync(Chain, [EntryDraft.FromJson("phi.accessed", "record:1", "staff:1", """{"action":"view"}""")]);
        var second = await _projection.UpdateAsync(_ledger);

        Assert.Same(first.Controls, second.Controls);
        Assert.Equal((1L, 2L), (first.LedgerSize, second.LedgerSize));
        Assert.Equal((await _ledger.GetTreeHeadAsync(Chain)).Root, second.LedgerRoot);
    }

    [Fact]
    public async Task UpdateAsync_NewEntryAlteredInTheStore_RebuildsAndRefusesTheChain()
    {
        await DefineAsync(_ledger, "ctl-1", "ctl-2");
        await _projection.UpdateAsync(_ledger);
        await DefineAsync(_ledger, "ctl-3");
        var altered = new AlteringLedger(_ledger, sequence: 2);

        var thrown = await Assert.ThrowsAsync<LedgerNotVerifiedException>(() => _projection.UpdateAsync(altered));

        Assert.Equal(VerificationStatus.HeaderAltered, thrown.Report!.Status);
        Assert.Equal(2, Assert.Single(thrown.Report.Findings).Sequence);
        Assert.Equal(0, _projection.Size);
    }

    [Fact]
    public async Task UpdateAsync_LedgerNoLongerExtendsWhatWasProjected_Rebuilds()
    {
        await DefineAsync(_ledger, "ctl-1", "ctl-2");
        await _projection.UpdateAsync(_ledger);
        var other = new InMemoryComplianceLedger(_clock);
        await DefineAsync(other, "other-1", "other-2", "other-3");

        var snapshot = await _projection.UpdateAsync(other);

        Assert.Equal((true, 3L), (_projection.LastUpdateRebuilt, _projection.LastUpdateEntriesRead));
        Assert.Equal(["other-1", "other-2", "other-3"], snapshot.Controls.Select(c => c.ControlId));
    }

    [Fact]
    public async Task UpdateAsync_LedgerShorterThanWhatWasProjected_Rebuilds()
    {
        await DefineAsync(_ledger, "ctl-1", "ctl-2", "ctl-3");
        await _projection.UpdateAsync(_ledger);
        var restored = new InMemoryComplianceLedger(_clock);
        await DefineAsync(restored, "ctl-1");

        var snapshot = await _projection.UpdateAsync(restored);

        Assert.Equal((true, 1L, 1L), (_projection.LastUpdateRebuilt, _projection.LastUpdateEntriesRead, snapshot.LedgerSize));
    }

    private static async Task DefineAsync(InMemoryComplianceLedger ledger, params string[] ids)
    {
        foreach (var id in ids)
        {
            await ledger.AppendAsync(Chain, [new ControlDefinition { Id = id, Title = "Control " + id }.ToDraft("o")]);
        }
    }

    /// <summary>A store whose row <c>sequence</c> was rewritten outside the library: its title changed, its hashes kept.</summary>
    private sealed class AlteringLedger(IComplianceLedger inner, long sequence) : IComplianceLedger
    {
        public Task<AppendReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default) => inner.AppendAsync(draft, cancellationToken);

        public Task<AppendReceipt> AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(chainId, drafts, cancellationToken);

        public async IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var entry in inner.ReadAsync(chainId, fromSequence, cancellationToken))
            {
                yield return Alter(entry);
            }
        }

        public async IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var entry in inner.ReadByTypeAsync(chainId, entryTypes, cancellationToken))
            {
                yield return Alter(entry);
            }
        }

        public async Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default) =>
            await inner.GetEntryAsync(chainId, sequence, cancellationToken) is { } entry ? Alter(entry) : null;

        public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default) => inner.GetChainIdsAsync(cancellationToken);

        public Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default) =>
            ChainVerifier.VerifyAsync(chainId, ReadAsync(chainId, 0, cancellationToken), null, cancellationToken);

        public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default) => inner.BeginReadSnapshotAsync(cancellationToken);

        public Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default) =>
            inner.GetTreeHeadAsync(chainId, treeSize, cancellationToken);

        public Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default) =>
            inner.GetInclusionProofAsync(chainId, sequence, treeSize, cancellationToken);

        public Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default) =>
            inner.GetConsistencyProofAsync(chainId, firstSize, secondSize, cancellationToken);

        private LedgerEntry Alter(LedgerEntry entry) => entry.Sequence != sequence ? entry : new LedgerEntry
        {
            ChainId = entry.ChainId, Sequence = entry.Sequence, EntryType = entry.EntryType, Subject = entry.Subject, Actor = "mallory",
            OccurredAt = entry.OccurredAt, RecordedAt = entry.RecordedAt, Payload = entry.Payload, PayloadSalt = entry.PayloadSalt,
            PayloadDigest = entry.PayloadDigest, PreviousHash = entry.PreviousHash, EntryHash = entry.EntryHash,
        };
    }
}
