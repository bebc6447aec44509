using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Tests.Retention;

public sealed class PurgeRegistryTests
{
    [Fact]
    public void Verify_PayloadsPurgedWithAPurgeEntry_AreValidAndNameThePolicyAndEntry()
    {
        var chain = NewChain(out var policy);
        var purge = chain.RecordPurge("access-6y", policy.Sequence, 2, 3, 4, 7);

        var report = Verify(chain);

        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(VerificationStatus.PayloadPurged, report.Status);
        Assert.Equal(4, report.PurgedEntries);
        Assert.Equal($"purged under policy access-6y by entry {purge.Sequence}", report.Findings.Single(f => f.Sequence == 7).Message);
    }

    [Fact]
    public void Verify_PayloadRemovedThatNoPurgeNames_IsPayloadMissing()
    {
        var chain = NewChain(out var policy);
        chain.RecordPurge("access-6y", policy.Sequence, 2, 3);
        chain.RemovePayload(5);

        var report = Verify(chain);

        Assert.Equal(VerificationStatus.PayloadMissing, report.Status);
        Assert.Equal(5, Assert.Single(report.Failures).Sequence);
    }

    [Fact]
    public void Verify_PurgeEntryAlteredToCoverMore_IsRejectedSoTheExtraPayloadIsMissing()
    {
        var chain = NewChain(out var policy);
        var purge = chain.RecordPurge("access-6y", policy.Sequence, 2);
        chain.RemovePayload(5);
        var forged = With(purge, RetentionPayloads.Purged("access-6y", policy.Sequence, purge.RecordedAt, [new SequenceRange(2, 2), new SequenceRange(5, 5)]));
        var entries = chain.Entries.Select(e => e.Sequence == purge.Sequence ? forged : e).ToList();
        var registry = PurgeRegistry.FromEntries(entries);

        var report = Verify(entries, registry);

        Assert.Equal([purge.Sequence], registry.Rejected);
        Assert.Contains(report.Failures, f => f.Sequence == purge.Sequence && f.Status == VerificationStatus.PayloadAltered);
        Assert.Contains(report.Failures, f => f.Sequence == 5 && f.Status == VerificationStatus.PayloadMissing);
        Assert.Contains(report.Failures, f => f.Sequence == 2 && f.Status == VerificationStatus.PayloadMissing);
    }

    [Fact]
    public void Find_RangeReachingPastThePurgeEntry_AccountsOnlyForEarlierEntries()
    {
        var chain = NewChain(out var policy);
        var purge = chain.RecordPurge("access-6y", policy.Sequence, 3);
        var claim = chain.Append(new EntryDraft(RetentionEntryTypes.Purged, RetentionSubjects.Policy("access-6y"), "officer:kim",
            RetentionPayloads.Purged("access-6y", policy.Sequence, purge.RecordedAt, [new SequenceRange(4, 1000)])));

        var registry = PurgeRegistry.FromEntries(chain.Entries);

        Assert.NotNull(registry.Find(4));
        Assert.NotNull(registry.Find(claim.Sequence - 1));
        Assert.Null(registry.Find(claim.Sequence));
        Assert.Null(registry.Find(claim.Sequence + 1));
    }

    [Fact]
    public void Find_RangesFromManyPurgesOutOfOrderAndOverlapping_AttributesEachToTheEarliestPurge()
    {
        var chain = new TestChain(Instant.FromUtc(2020, 1, 1, 0, 0));
        for (var i = 0; i < 30; i++)
        {
            chain.Append("access.viewed", $"record:{i}");
        }

        var firstPurge = Purge(chain, "b", [new SequenceRange(10, 19)]);
        var secondPurge = Purge(chain, "a", [new SequenceRange(0, 4), new SequenceRange(15, 15), new SequenceRange(25, 29)]);
        var registry = PurgeRegistry.FromEntries(chain.Entries);

        Assert.Equal(secondPurge.Sequence, registry.Find(0)!.Sequence);
        Assert.Equal(firstPurge.Sequence, registry.Find(15)!.Sequence);
        Assert.Equal(firstPurge.Sequence, registry.Find(19)!.Sequence);
        Assert.Equal(secondPurge.Sequence, registry.Find(27)!.Sequence);
        Assert.Null(registry.Find(5));
        Assert.Null(registry.Find(20));
        Assert.Null(registry.Find(-1));
    }

    [Theory]
    [InlineData("""{"asOf":"2020-01-01T00:00:00.000000Z","count":2,"policy":"p","policyEntry":0,"ranges":[[5,5],[3,3]]}""")]
    [InlineData("""{"asOf":"2020-01-01T00:00:00.000000Z","count":3,"policy":"p","policyEntry":0,"ranges":[[1,2]]}""")]
    [InlineData("""{"asOf":"2020-01-01T00:00:00.000000Z","count":1,"policy":"p","policyEntry":0,"ranges":[[4]]}""")]
    [InlineData("""{"asOf":"yesterday","count":1,"policy":"p","policyEntry":0,"ranges":[[4,4]]}""")]
    [InlineData("""{"asOf":"2020-01-01T00:00:00.000000Z","count":1,"policy":"p","policyEntry":999,"ranges":[[4,4]]}""")]
    [InlineData("""{"asOf":"2020-01-01T00:00:00.000000Z","policy":"p","policyEntry":0,"ranges":[[4,4]]}""")]
    [InlineData("""[1,2]""")]
    public void Add_MalformedPurgePayload_IsRejected(string json)
    {
        var chain = new TestChain(Instant.FromUtc(2020, 1, 1, 0, 0));
        for (var i = 0; i < 6; i++)
        {
            chain.Append("access.viewed", $"record:{i}");
        }

        var entry = chain.Append(RetentionEntryTypes.Purged, "retention-policy:p", json);
        var registry = new PurgeRegistry();

        Assert.False(registry.Add(entry));
        Assert.Equal([entry.Sequence], registry.Rejected);
    }

    private static TestChain NewChain(out LedgerEntry policy)
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        policy = chain.SetPolicy(new RetentionPolicy("access-6y", ["access.*"], Period.FromYears(6), RetentionBasis.RecordedAt, "operational", DateTimeZone.Utc));
        for (var i = 0; i < 9; i++)
        {
            chain.Append("access.viewed", $"record:{i}");
        }

        chain.Clock.AdvanceDays(365 * 7);
        return chain;
    }

    private static LedgerEntry Purge(TestChain chain, string policy, IReadOnlyList<SequenceRange> ranges) =>
        chain.Append(new EntryDraft(RetentionEntryTypes.Purged, RetentionSubjects.Policy(policy), "officer:kim",
            RetentionPayloads.Purged(policy, 0, chain.Clock.GetCurrentInstant(), ranges)));

    private static ChainVerificationReport Verify(TestChain chain) => Verify(chain.Entries, PurgeRegistry.FromEntries(chain.Entries));

    private static ChainVerificationReport Verify(IEnumerable<LedgerEntry> entries, PurgeRegistry registry)
    {
        var verifier = new ChainVerifier(TestChain.Id, registry.Explain);
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }

    private static LedgerEntry With(LedgerEntry e, byte[] payload) => new()
    {
        ChainId = e.ChainId, Sequence = e.Sequence, EntryType = e.EntryType, Subject = e.Subject, Actor = e.Actor,
        OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, Payload = payload, PayloadSalt = e.PayloadSalt,
        PayloadDigest = e.PayloadDigest, PreviousHash = e.PreviousHash, EntryHash = e.EntryHash,
    };
}
