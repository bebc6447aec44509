using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Ledger.Specification;

/// <summary>
/// What every <see cref="IComplianceLedger"/> guarantees, whatever keeps it: appends sealed in order and all-or-nothing,
/// reads, tree heads and proofs that agree with an in-memory tree, read snapshots that a concurrent append does not
/// change, verification, and concurrent writers that never fork or skip. A store proves itself by inheriting this class
/// and returning a fresh store from <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract class LedgerContractTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3));

    /// <summary>An empty store for one test.</summary>
    protected abstract Task<ILedgerStore> CreateStoreAsync();

    [LedgerFact]
    public async Task Append_OneEntry_SealsSequenceZeroAndVerifies()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());

        var receipt = await ledger.AppendAsync(Chain, [EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", """{"b":1, "a":[true,null]}""")]);
        var stored = await ledger.GetEntryAsync(Chain, 0);
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(0, receipt.FirstSequence);
        Assert.NotNull(stored);
        Assert.Equal("""{"a":[true,null],"b":1}"""u8.ToArray(), stored.Payload);
        Assert.Equal(new byte[32], stored.PreviousHash);
        Assert.Equal(receipt.Entries[0].EntryHash, stored.EntryHash);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(receipt.TreeHead, report.TreeHead);
    }

    [LedgerFact]
    public async Task Append_Batches_AreContiguousLinkedAndMatchTheTreeHead()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());

        for (var batch = 0; batch < 5; batch++)
        {
            await ledger.AppendAsync(Chain, Drafts(37, $"b{batch}"));
        }

        var entries = await ledger.ReadAsync(Chain).ToListAsync();
        var head = await ledger.GetTreeHeadAsync(Chain);
        var report = await ledger.VerifyAsync(Chain);

        Assert.Equal(Enumerable.Range(0, 185).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.EntryHash, pair.First.PreviousHash));
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(head, report.TreeHead);
    }

    [LedgerFact]
    public async Task Append_BatchWithOneInvalidPayload_WritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());
        var drafts = Drafts(4, "x").Append(EntryDraft.FromJson("test.write", "s", "a", "{not json")).ToArray();

        var error = await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, drafts));

        Assert.Contains("not acceptable JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ledger.GetChainIdsAsync());
    }

    [LedgerFact]
    public async Task Append_MoreThanTheMaximumBatch_IsRefusedAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions { MaxBatchSize = 3 });

        await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, Drafts(4, "x")));
        await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, []));

        Assert.Empty(await ledger.GetChainIdsAsync());
    }

    [LedgerFact]
    public async Task Append_PayloadWithPhi_IsRefusedUnlessTheHostOptsIn()
    {
        await using var store = await CreateStoreAsync();
        var strict = store.Open(_clock, new ComplianceKitOptions());
        var permissive = store.Open(_clock, new ComplianceKitOptions { AllowPhiInPayloads = true });
        var draft = EntryDraft.FromJson("access.viewed", "record:1", "nurse:lee", """{"patient":{"ssn":"123-45-6789"}}""");

        await Assert.ThrowsAsync<LedgerValidationException>(() => strict.AppendAsync(Chain, [draft]));
        var receipt = await permissive.AppendAsync(Chain, [draft]);

        Assert.Equal(0, receipt.FirstSequence);
    }

    [LedgerFact]
    public async Task Append_ClockStepsBackwards_RecordedAtNeverDecreases()
    {
        await using var store = await CreateStoreAsync();
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 9, 0));
        var ledger = store.Open(clock, new ComplianceKitOptions());
        await ledger.AppendAsync(Chain, Drafts(1, "a"));

        clock.AdvanceMinutes(-30);
        var receipt = await ledger.AppendAsync(Chain, Drafts(1, "b"));

        Assert.Equal(Instant.FromUtc(2026, 3, 1, 9, 0), receipt.Entries[0].RecordedAt);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [LedgerFact]
    public async Task Read_SeveralChainsAndTypes_ReturnsEachChainsOwnEntriesInOrder()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());
        await ledger.AppendAsync("b-chain", Drafts(2, "b"));
        await ledger.AppendAsync(Chain, [.. Drafts(3, "a"), EntryDraft.FromJson("baa.executed", "vendor:1", "officer", "{}"), .. Drafts(2, "c")]);

        var chains = await ledger.GetChainIdsAsync();
        var fromTwo = await ledger.ReadAsync(Chain, fromSequence: 2).ToListAsync();
        var byType = await ledger.ReadByTypeAsync(Chain, ["baa.executed"]).ToListAsync();
        var missing = await ledger.GetEntryAsync(Chain, 6);
        var unknownHead = await ledger.GetTreeHeadAsync("no-such-chain");

        Assert.Equal(["b-chain", Chain], chains);
        Assert.Equal([2L, 3, 4, 5], fromTwo.Select(e => e.Sequence));
        Assert.All(fromTwo, e => Assert.Equal(Chain, e.ChainId));
        Assert.Equal(3, Assert.Single(byType).Sequence);
        Assert.Null(missing);
        Assert.Equal(new MerkleTreeHead(0, MerkleHasher.EmptyRoot.ToArray()), unknownHead);
    }

    [LedgerFact]
    public async Task ReadByTypeFrom_ReturnsOnlyThoseTypesAtOrPastTheSequence()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());
        EntryDraft Typed(string type, int n) => EntryDraft.FromJson(type, $"s:{n}", "officer", $$"""{"n":{{n}}}""");
        await ledger.AppendAsync("b-chain", [Typed("baa.executed", 0)]);
        await ledger.AppendAsync(Chain, [Typed("baa.executed", 0), .. Drafts(2, "a"), Typed("training.completed", 3), Typed("baa.executed", 4), Typed("other.type", 5), Typed("baa.executed", 6)]);

        var fromThree = await ledger.ReadByTypeFromAsync(Chain, ["baa.executed", "training.completed"], 3).ToListAsync();
        var fromFour = await ledger.ReadByTypeFromAsync(Chain, ["baa.executed"], 4).ToListAsync();
        var pastTheEnd = await ledger.ReadByTypeFromAsync(Chain, ["baa.executed"], 7).ToListAsync();

        Assert.Equal([3L, 4, 6], fromThree.Select(e => e.Sequence));
        Assert.Equal([4L, 6], fromFour.Select(e => e.Sequence));
        Assert.All(fromFour, e => Assert.Equal(Chain, e.ChainId));
        Assert.Empty(pastTheEnd);
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.ReadByTypeFromAsync(Chain, ["baa.executed"], -1));
    }

    [LedgerFact]
    public async Task Proofs_AtEveryPastHead_MatchAnInMemoryTreeAndVerify()
    {
        await using var store = await CreateStoreAsync();
        var ledger = store.Open(_clock, new ComplianceKitOptions());
        var heads = new List<MerkleTreeHead>();
        foreach (var size in new[] { 1, 2, 5, 16, 17, 40, 100, 63, 1 })
        {
            heads.Add((await ledger.AppendAsync(Chain, Drafts(size, $"s{size}"))).TreeHead);
        }

        var tree = new InMemoryMerkleTree();
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            tree.Append(MerkleHasher.HashLeaf(entry.EntryHash));
        }

        foreach (var head in heads)
        {
            Assert.Equal(head, await ledger.GetTreeHeadAsync(Chain, head.Size));
            foreach (var index in new[] { 0, head.Size / 2, head.Size - 1 })
            {
                var proof = await ledger.GetInclusionProofAsync(Chain, index, head.Size);
                var expected = await MerkleProofBuilder.BuildInclusionAsync(tree, index, head.Size, CancellationToken.None);
                Assert.Equal(expected.Path, proof.Path);
                Assert.True(MerkleProofVerifier.VerifyInclusion(await tree.GetPerfectSubtreeHashAsync(0, index, CancellationToken.None), proof, head.Root).IsValid);
            }

            var last = heads[^1];
            var consistency = await ledger.GetConsistencyProofAsync(Chain, head.Size, last.Size);
            Assert.True(MerkleProofVerifier.VerifyConsistency(consistency, head.Root, last.Root).IsValid);
        }
    }

    [LedgerFact]
    public async Task Snapshot_AnotherLedgerAppendsWhileOpen_IsSeenOnlyAfterItCloses()
    {
        await using var store = await CreateStoreAsync();
        var reader = store.Open(_clock, new ComplianceKitOptions());
        var writer = store.Open(_clock, new ComplianceKitOptions());
        await writer.AppendAsync(Chain, Drafts(3, "before"));

        MerkleTreeHead inside;
        List<LedgerEntry> entriesInside;
        ChainVerificationReport reportInside;
        var snapshot = await reader.BeginReadSnapshotAsync();
        await using (snapshot)
        {
            var first = await reader.GetTreeHeadAsync(Chain);
            await writer.AppendAsync(Chain, Drafts(2, "during"));
            inside = await reader.GetTreeHeadAsync(Chain);
            entriesInside = await reader.ReadAsync(Chain).ToListAsync();
            reportInside = await reader.VerifyAsync(Chain);
            Assert.Equal(first, inside);
        }

        var after = await reader.GetTreeHeadAsync(Chain);

        Assert.Equal(3, inside.Size);
        Assert.Equal(3, entriesInside.Count);
        Assert.True(reportInside.IsValid, string.Join("; ", reportInside.Findings));
        Assert.Equal(3, reportInside.TreeHead.Size);
        Assert.Equal(5, after.Size);
    }

    [LedgerFact]
    public async Task Append_EightLedgersOnOneChainAtOnce_YieldOneValidChainWithEveryBatchWhole()
    {
        await using var store = await CreateStoreAsync();
        var writers = Enumerable.Range(0, 8).Select(_ => store.Open(_clock, new ComplianceKitOptions())).ToList();

        var receipts = await Task.WhenAll(writers.Select((ledger, w) => Task.Run(async () =>
        {
            var mine = new List<AppendReceipt>();
            for (var batch = 0; batch < 10; batch++)
            {
                mine.Add(await ledger.AppendAsync(Chain, Drafts(5, $"w{w}-{batch}")));
            }

            return mine;
        })));
        var report = await writers[0].VerifyAsync(Chain);
        var entries = await writers[0].ReadAsync(Chain).ToListAsync();

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(400, report.TreeHead.Size);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), receipts.SelectMany(r => r).SelectMany(r => r.Entries).Select(e => e.Sequence).Order());
        Assert.All(receipts.SelectMany(r => r), receipt =>
            Assert.Equal(receipt.Entries.Select(e => e.EntryHash), entries.Skip((int)receipt.FirstSequence).Take(5).Select(e => e.EntryHash)));
    }

    /// <summary>Drafts with distinct payloads.</summary>
    protected static EntryDraft[] Drafts(int count, string tag) =>
        Enumerable.Range(0, count)
            .Select(i => EntryDraft.FromJson("training.completed", $"person:{tag}-{i}", "lms", $$"""{"course":"hipaa-101","tag":"{{tag}}","i":{{i}}}"""))
            .ToArray();
}
