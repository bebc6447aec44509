using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Tests.Verification;

public sealed class ChainVerifierTests
{
    private const string Chain = "c";

    [Fact]
    public void Complete_IntactChain_IsValidWithTheRootOfItsEntries()
    {
        var entries = NewChain(12);

        var report = Verify(entries);

        Assert.True(report.IsValid);
        Assert.Equal(VerificationStatus.Valid, report.Status);
        Assert.Equal(new InMemoryMerkleTree(entries.Select(e => MerkleHasher.HashLeaf(e.EntryHash))).TreeHead, report.TreeHead);
    }

    [Fact]
    public void Add_SameSequenceTwice_ReportsDuplicateSequenceAtIt()
    {
        var entries = NewChain(6);
        var forked = entries.Take(4).Append(entries[3]).Concat(entries.Skip(4)).ToList();

        var report = Verify(forked);

        Assert.Equal(VerificationStatus.DuplicateSequence, report.Status);
        Assert.Equal(3, Assert.Single(report.Failures).Sequence);
    }

    [Fact]
    public void Add_EntriesMissing_ReportsOneGapNamingTheRange()
    {
        var entries = NewChain(10);

        var report = Verify(entries.Where(e => e.Sequence is < 4 or > 6));

        var gap = Assert.Single(report.Failures);
        Assert.Equal(VerificationStatus.SequenceGap, gap.Status);
        Assert.Equal(4, gap.Sequence);
        Assert.Contains("4 to 6", gap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_DigestOfWrongLength_ReportsHeaderAlteredWithoutThrowing()
    {
        var entries = NewChain(3);
        entries[1] = Copy(entries[1], digest: new byte[5]);

        var report = Verify(entries);

        Assert.Equal(VerificationStatus.HeaderAltered, report.Status);
        Assert.Equal(1, report.FirstFailure!.Sequence);
    }

    [Fact]
    public void Add_AbsentPayloadThatAPurgeExplains_IsValidAndSaysWhy()
    {
        var entries = NewChain(4);
        entries[2] = Copy(entries[2], payload: null);
        var verifier = new ChainVerifier(Chain, isPurged: s => s == 2 ? "purged under policy access-6y by entry 3" : null);

        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        var report = verifier.Complete();
        Assert.True(report.IsValid);
        Assert.Equal(VerificationStatus.PayloadPurged, report.Status);
        Assert.Equal(1, report.PurgedEntries);
        Assert.Contains("policy access-6y", Assert.Single(report.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_RecordedSizeLargerThanEntries_ReportsHeadMismatch()
    {
        var entries = NewChain(5);
        var verifier = new ChainVerifier(Chain);
        foreach (var entry in entries.Take(3))
        {
            verifier.Add(entry);
        }

        var report = verifier.Complete(recordedSize: 5);

        Assert.Equal(VerificationStatus.HeadMismatch, report.Status);
        Assert.Equal(3, report.FirstFailure!.Sequence);
    }

    [Fact]
    public void Add_ManyFailures_KeepsAtMostTheCapButCountsThemAll()
    {
        var entries = NewChain(ChainVerifier.MaxRecordedFailures + 50).Select(e => Copy(e, payload: [(byte)'{', (byte)'}'])).ToList();
        var seen = 0;
        var verifier = new ChainVerifier(Chain, onFailure: _ => seen++);

        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        var report = verifier.Complete();
        Assert.Equal(ChainVerifier.MaxRecordedFailures, report.Findings.Count);
        Assert.Equal(ChainVerifier.MaxRecordedFailures + 50, report.TotalFailures);
        Assert.Equal(ChainVerifier.MaxRecordedFailures + 50, seen);
    }

    internal static List<LedgerEntry> NewChain(int count)
    {
        var state = ChainState.Empty(Chain);
        var options = new ComplianceKitOptions();
        var guard = new ComplianceKit.Canonicalization.PayloadPrivacyGuard(allowPhi: false);
        var prepared = Enumerable.Range(0, count)
            .Select(i => PreparedEntry.Prepare(EntryDraft.FromJson("test.fact", $"subject:{i}", "tester", $$"""{"i":{{i}}}"""), options, guard))
            .ToList();
        return ChainLinker.Link(state, prepared, Instant.FromUtc(2026, 5, 1, 12, 0), []);
    }

    private static ChainVerificationReport Verify(IEnumerable<LedgerEntry> entries)
    {
        var verifier = new ChainVerifier(Chain);
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }

    private static LedgerEntry Copy(LedgerEntry e, byte[]? digest = null, byte[]? payload = null) => new()
    {
        ChainId = e.ChainId, Sequence = e.Sequence, EntryType = e.EntryType, Subject = e.Subject, Actor = e.Actor,
        OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, Payload = payload, PayloadSalt = payload is null ? null : e.PayloadSalt,
        PayloadDigest = digest ?? e.PayloadDigest, PreviousHash = e.PreviousHash, EntryHash = e.EntryHash,
    };
}
