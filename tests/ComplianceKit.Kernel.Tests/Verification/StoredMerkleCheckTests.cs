using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;

namespace ComplianceKit.Tests.Verification;

public sealed class StoredMerkleCheckTests
{
    [Fact]
    public void Compare_StoredNodesAsRecomputed_NoFindingAndEveryNodeCounted()
    {
        var (check, expected) = Feed(leaves: 300);

        var findings = check.PendingRanges.Select(r => check.Compare(r.Level, expected[r.Level])).ToList();

        Assert.All(findings, Assert.Null);
        Assert.Equal(300 / 16 + 300 / 256, check.NodesChecked);
        Assert.Equal(0, check.BadNodes);
        Assert.Empty(check.PendingRanges);
    }

    [Fact]
    public void Compare_OneLevelZeroed_NamesItsFirstNodeOnceAndCountsTheRest()
    {
        var (check, expected) = Feed(leaves: 64);
        var zeroed = expected[4].Select(n => (n.Index, new byte[32])).ToList();

        var finding = check.Compare(4, zeroed);

        Assert.NotNull(finding);
        Assert.Equal(VerificationStatus.MerkleNodeMismatch, finding.Status);
        Assert.Equal(0, finding.Sequence);
        Assert.Contains("level 4, index 0 (entries 0 to 15) is not the hash", finding.Message, StringComparison.Ordinal);
        Assert.Equal(4, check.BadNodes);
    }

    [Fact]
    public void Compare_ANodeAbsent_NamesItAsMissing()
    {
        var (check, expected) = Feed(leaves: 48);

        var finding = check.Compare(4, expected[4].Where(n => n.Index != 2).ToList());

        Assert.Equal(32, finding!.Sequence);
        Assert.Contains("level 4, index 2 (entries 32 to 47) is missing", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>Appends leaves through a compact range into the check; returns it with the stored-level nodes a store would hold.</summary>
    private static (StoredMerkleCheck Check, Dictionary<int, List<(long Index, byte[] Hash)>> Expected) Feed(int leaves)
    {
        var check = new StoredMerkleCheck();
        var expected = new Dictionary<int, List<(long, byte[])>>();
        var range = new CompactRange();
        for (var i = 0; i < leaves; i++)
        {
            range.Append(MerkleHasher.HashLeaf(BitConverter.GetBytes(i)), (level, index, hash) =>
            {
                check.OnNodeCompleted(level, index, hash);
                if (MerkleStorageLayout.IsStoredLevel(level))
                {
                    (expected.TryGetValue(level, out var list) ? list : expected[level] = []).Add((index, hash.ToArray()));
                }
            });
        }

        return (check, expected);
    }
}
