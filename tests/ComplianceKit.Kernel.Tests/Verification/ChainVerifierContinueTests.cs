using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;

namespace ComplianceKit.Tests.Verification;

/// <summary>A verifier continued from a <see cref="VerifiedPoint"/>: only the new entries are read, the head is checked against all.</summary>
public sealed class ChainVerifierContinueTests
{
    [Fact]
    public void ContinueFrom_FirstTenThenTheRest_ValidWithTheRootOfAllEntries()
    {
        var entries = ChainVerifierTests.NewChain(17);
        var first = Verify(new ChainVerifier("c"), entries.Take(10), 10, Root(entries.Take(10)));
        var point = first.Verifier.Position!;

        var rest = Verify(ChainVerifier.ContinueFrom(point, null, null), entries.Skip(10), 17, Root(entries));

        Assert.True(first.Report.IsValid);
        Assert.Equal(10, point.Size);
        Assert.True(rest.Report.IsValid, string.Join("; ", rest.Report.Findings));
        Assert.Equal(7, rest.Report.EntriesRead);
        Assert.Equal(new MerkleTreeHead(17, Root(entries)), rest.Report.TreeHead);
        Assert.Equal(17, rest.Verifier.Position!.Size);
    }

    [Fact]
    public void ContinueFrom_NewEntryNotLinkedToTheVerifiedOne_LinkBrokenAtIt()
    {
        var verified = ChainVerifierTests.NewChain(5);
        var other = ChainVerifierTests.NewChain(8); // same shape, other salts: entry 5 links to another entry 4
        var point = Verify(new ChainVerifier("c"), verified, 5, Root(verified)).Verifier.Position!;

        var rest = Verify(ChainVerifier.ContinueFrom(point, null, null), other.Skip(5), 8, Root(other));

        Assert.Equal(VerificationStatus.LinkBroken, rest.Report.Status);
        Assert.Equal(5, rest.Report.FirstFailure!.Sequence);
        Assert.Null(rest.Verifier.Position);
    }

    [Fact]
    public void ContinueFrom_HeadRootOfAnotherHistory_HeadMismatch()
    {
        var entries = ChainVerifierTests.NewChain(6);
        var point = Verify(new ChainVerifier("c"), entries.Take(4), 4, Root(entries.Take(4))).Verifier.Position!;
        var rewritten = ChainVerifierTests.NewChain(6);

        var rest = Verify(ChainVerifier.ContinueFrom(point, null, null), entries.Skip(4), 6, Root(rewritten));

        Assert.Equal(VerificationStatus.HeadMismatch, rest.Report.Status);
    }

    private static byte[] Root(IEnumerable<LedgerEntry> entries) =>
        new InMemoryMerkleTree(entries.Select(e => MerkleHasher.HashLeaf(e.EntryHash))).TreeHead.Root.ToArray();

    private static (ChainVerifier Verifier, ChainVerificationReport Report) Verify(ChainVerifier verifier, IEnumerable<LedgerEntry> entries, long size, byte[] root)
    {
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        return (verifier, verifier.Complete(size, recordedRoot: root));
    }
}
