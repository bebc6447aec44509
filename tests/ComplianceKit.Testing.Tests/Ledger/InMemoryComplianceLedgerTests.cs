using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Verification;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Testing.Tests.Ledger;

/// <summary>The in-memory ledger keeps the stores' semantics: linking, nodes, heads, snapshots, refusals.</summary>
public sealed class InMemoryComplianceLedgerTests
{
    private const string Chain = "clinic-1";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 9, 0), Duration.FromMilliseconds(3));

    [Fact]
    public async Task Append_Batches_AreContiguousLinkedAndVerifyAgainstTheHead()
    {
        var ledger = new InMemoryComplianceLedger(_clock);

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

    [Fact]
    public async Task Append_Payload_IsCanonicalAndDigestedLikeAStore()
    {
        var ledger = new InMemoryComplianceLedger(_clock);

        var receipt = await ledger.AppendAsync(EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", """{"b":1, "a":[true,null]}"""));
        var stored = await ledger.GetEntryAsync("default", 0);

        Assert.Equal("""{"a":[true,null],"b":1}"""u8.ToArray(), stored!.Payload);
        Assert.Equal(EntryEncoding.ComputePayloadDigest(stored.PayloadSalt!, stored.Payload!), stored.PayloadDigest);
        Assert.Equal(new byte[32], stored.PreviousHash);
        Assert.Equal(receipt.Entries[0].EntryHash, stored.EntryHash);
    }

    [Fact]
    public async Task GetTreeHead_PastSizes_MatchTheTreeOfThatPrefix()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(300, "a"));
        var entries = await ledger.ReadAsync(Chain).ToListAsync();

        foreach (var size in new long[] { 0, 1, 16, 17, 255, 256, 257, 299 })
        {
            var head = await ledger.GetTreeHeadAsync(Chain, size);

            var tree = new InMemoryMerkleTree();
            foreach (var entry in entries.Take((int)size))
            {
                tree.Append(MerkleHasher.HashLeaf(entry.EntryHash));
            }

            Assert.Equal(tree.ComputeRoot(), head.Root);
        }
    }

    [Fact]
    public async Task Proofs_FromStoredNodes_VerifyAgainstTheHeads()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(1000, "a"));
        var entry = await ledger.GetEntryAsync(Chain, 700);
        var early = await ledger.GetTreeHeadAsync(Chain, 513);
        var head = await ledger.GetTreeHeadAsync(Chain);

        var inclusion = await ledger.GetInclusionProofAsync(Chain, 700, 1000);
        var consistency = await ledger.GetConsistencyProofAsync(Chain, 513, 1000);

        Assert.True(MerkleProofVerifier.VerifyInclusion(MerkleHasher.HashLeaf(entry!.EntryHash), inclusion, head.Root).IsValid);
        Assert.True(MerkleProofVerifier.VerifyConsistency(consistency, early.Root, head.Root).IsValid);
    }

    [Fact]
    public async Task Append_ConcurrentWritersOnSharedStore_NeitherForkNorGap()
    {
        var store = new InMemoryLedgerStore();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var ledger = new InMemoryComplianceLedger(store, _clock, Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions()));
            for (var i = 0; i < 25; i++)
            {
                await ledger.AppendAsync(Chain, Drafts(4, $"w{writer}-{i}"));
            }
        })));

        var reader = new InMemoryComplianceLedger(store, _clock, Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions()));
        var report = await reader.VerifyAsync(Chain);
        var entries = await reader.ReadAsync(Chain).ToListAsync();

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(800, report.TreeHead.Size);
        Assert.Equal(Enumerable.Range(0, 800).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(Enumerable.Range(0, 8), w => Assert.Equal(100, entries.Count(e => e.Subject.StartsWith($"case:w{w}-", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task ReadSnapshot_AppendByAnotherInstance_IsNotSeenUntilDisposed()
    {
        var store = new InMemoryLedgerStore();
        var options = Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions());
        var reader = new InMemoryComplianceLedger(store, _clock, options);
        var writer = new InMemoryComplianceLedger(store, _clock, options);
        await writer.AppendAsync(Chain, Drafts(3, "before"));

        long sizeInside;
        int rowsInside;
        IReadOnlyList<string> chainsInside;
        await using (await reader.BeginReadSnapshotAsync())
        {
            await writer.AppendAsync(Chain, Drafts(2, "after"));
            await writer.AppendAsync("other", Drafts(1, "after"));
            sizeInside = (await reader.GetTreeHeadAsync(Chain)).Size;
            rowsInside = (await reader.ReadAsync(Chain).ToListAsync()).Count;
            chainsInside = await reader.GetChainIdsAsync();
        }

        Assert.Equal(3, sizeInside);
        Assert.Equal(3, rowsInside);
        Assert.Equal([Chain], chainsInside);
        Assert.Equal(5, (await reader.GetTreeHeadAsync(Chain)).Size);
        Assert.Equal([Chain, "other"], await reader.GetChainIdsAsync());
    }

    [Fact]
    public async Task AppendInsideSnapshot_ChainMovedByAnotherWriter_RefusedAndNothingWritten()
    {
        var store = new InMemoryLedgerStore();
        var options = Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions());
        var ledger = new InMemoryComplianceLedger(store, _clock, options);
        var other = new InMemoryComplianceLedger(store, _clock, options);
        await ledger.AppendAsync(Chain, Drafts(1, "a"));

        await using (await ledger.BeginReadSnapshotAsync())
        {
            await other.AppendAsync(Chain, Drafts(1, "b"));

            await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync(Chain, Drafts(1, "c")));
        }

        Assert.Equal(2, store.SizeOf(Chain));
    }

    [Fact]
    public async Task AppendInsideSnapshot_OwnWrite_IsSeenByTheSnapshot()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(1, "a"));

        await using var snapshot = await ledger.BeginReadSnapshotAsync();
        await ledger.AppendAsync(Chain, Drafts(2, "b"));

        Assert.Equal(3, (await ledger.GetTreeHeadAsync(Chain)).Size);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task Append_InvalidDraftInBatch_ThrowsValidationAndWritesNothing()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(2, "a"));

        await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain,
            [.. Drafts(2, "b"), EntryDraft.FromJson("note", "case:x", "dev", "not json")]));
        await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, []));
        await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain,
            [EntryDraft.FromJson("note", "case:x", "dev", """{"ssn":"123-45-6789"}""")]));

        Assert.Equal(2, ledger.Store.SizeOf(Chain));
    }

    [Fact]
    public async Task Append_TooLargeBatch_RefusedByTheConfiguredLimit()
    {
        var ledger = new InMemoryComplianceLedger(_clock, new ComplianceKitOptions { MaxBatchSize = 3 });

        var refused = await Assert.ThrowsAsync<LedgerValidationException>(() => ledger.AppendAsync(Chain, Drafts(4, "a")));

        Assert.Contains("at most 3", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await ledger.GetChainIdsAsync());
    }

    [Fact]
    public async Task Append_Cancelled_WritesNothing()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.AppendAsync(Chain, Drafts(3, "a"), cancelled.Token));

        Assert.Equal(0, ledger.Store.SizeOf(Chain));
        Assert.Empty(await ledger.GetChainIdsAsync());
    }

    [Fact]
    public async Task Append_ClockStepsBack_RecordedAtNeverDecreases()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(1, "a"));
        var first = (await ledger.GetEntryAsync(Chain, 0))!.RecordedAt;

        _clock.Reset(first - Duration.FromHours(1));
        await ledger.AppendAsync(Chain, Drafts(1, "b"));

        Assert.Equal(first, (await ledger.GetEntryAsync(Chain, 1))!.RecordedAt);
        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task ReadEntry_CallerChangesItsBytes_StoreIsUnchanged()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(1, "a"));

        var read = await ledger.GetEntryAsync(Chain, 0);
        read!.Payload![0] ^= 0xFF;
        read.EntryHash[0] ^= 0xFF;

        Assert.True((await ledger.VerifyAsync(Chain)).IsValid);
    }

    [Fact]
    public async Task ReadByType_ReturnsOnlyThoseTypesInSequenceOrder()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, [Draft("a", "x"), Draft("b", "y"), Draft("a", "z"), Draft("c", "w")]);

        var read = await ledger.ReadByTypeAsync(Chain, ["a", "c"]).ToListAsync();

        Assert.Equal([0L, 2, 3], read.Select(e => e.Sequence));
        Assert.Throws<ArgumentException>(() => ledger.ReadByTypeAsync(Chain, []));
    }

    [Fact]
    public async Task Proofs_UnknownChainOrSizePastHead_Refused()
    {
        var ledger = new InMemoryComplianceLedger(_clock);
        await ledger.AppendAsync(Chain, Drafts(4, "a"));

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.GetInclusionProofAsync("nope", 0, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.GetInclusionProofAsync(Chain, 0, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.GetConsistencyProofAsync(Chain, 3, 5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.GetTreeHeadAsync(Chain, 5));
        Assert.Equal(new MerkleTreeHead(0, MerkleHasher.EmptyRoot.ToArray()), await ledger.GetTreeHeadAsync("nope"));
    }

    [Fact]
    public async Task VerifiedChain_OverTheInMemoryLedger_ReadsOnlyBelowTheVerifiedHead()
    {
        var store = new InMemoryLedgerStore();
        var options = Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions());
        var ledger = new InMemoryComplianceLedger(store, _clock, options);
        await ledger.AppendAsync(Chain, Drafts(3, "a"));

        await using var verified = await VerifiedChain.OpenAsync(ledger, Chain);
        await new InMemoryComplianceLedger(store, _clock, options).AppendAsync(Chain, Drafts(2, "b"));

        Assert.Equal(3, verified.Size);
        Assert.Equal(3, (await verified.ReadAsync().ToListAsync()).Count);
    }

    private static EntryDraft Draft(string type, string subject) => EntryDraft.FromJson(type, "case:" + subject, "dev:ana", "{}");

    private static EntryDraft[] Drafts(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("note.added", $"case:{tag}-{i}", "dev:ana", $$"""{"i":{{i}}}"""))];
}
