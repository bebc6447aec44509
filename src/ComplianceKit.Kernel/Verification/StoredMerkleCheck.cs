using ComplianceKit.Ledger;
using ComplianceKit.Merkle;

namespace ComplianceKit.Verification;

/// <summary>
/// Compares the Merkle nodes a store keeps (the levels <see cref="MerkleStorageLayout.IsStoredLevel"/> names, above the
/// leaves) with the nodes recomputed from the entries. Feed <see cref="OnNodeCompleted"/> to a <see cref="ChainVerifier"/>;
/// after each page of entries, read the stored nodes of <see cref="PendingRanges"/> and pass them to <see cref="Compare"/>.
/// Memory grows with one page, not with the chain. Pure: no I/O.
/// </summary>
/// <remarks>The first bad node of each level is reported, naming its level and index; later ones at that level are counted in <see cref="BadNodes"/>. Not thread-safe.</remarks>
public sealed class StoredMerkleCheck
{
    private readonly SortedDictionary<int, List<(long Index, byte[] Hash)>> _pending = [];
    private readonly HashSet<int> _reportedLevels = [];

    /// <summary>Creates a check with nothing pending.</summary>
    public StoredMerkleCheck() => OnNodeCompleted = Expect;

    /// <summary>Pass this to <see cref="ChainVerifier"/>: it keeps the stored-level nodes the entries complete until compared.</summary>
    public MerkleNodeCallback OnNodeCompleted { get; }

    /// <summary>How many stored nodes differed from, or were missing against, the recomputed ones so far.</summary>
    public long BadNodes { get; private set; }

    /// <summary>How many stored nodes were compared so far.</summary>
    public long NodesChecked { get; private set; }

    /// <summary>The nodes recomputed and not yet compared: per stored level (ascending), the first index and how many follow it.</summary>
    public IReadOnlyList<(int Level, long FirstIndex, int Count)> PendingRanges =>
        _pending.Where(p => p.Value.Count > 0).Select(p => (p.Key, p.Value[0].Index, p.Value.Count)).ToList();

    /// <summary>
    /// Compares the stored nodes of a pending range, in index order, with the recomputed ones and forgets that range.
    /// Returns the finding that names the first node of a level to differ or be missing, or <see langword="null"/>.
    /// </summary>
    /// <param name="level">The stored level, as <see cref="PendingRanges"/> gave it.</param>
    /// <param name="stored">The stored hashes of that range with their indexes, in index order.</param>
    public VerificationFailure? Compare(int level, IReadOnlyList<(long Index, byte[] Hash)> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!_pending.TryGetValue(level, out var expected))
        {
            return null;
        }

        VerificationFailure? first = null;
        var next = 0;
        foreach (var (index, hash) in expected)
        {
            while (next < stored.Count && stored[next].Index < index)
            {
                next++;
            }

            NodesChecked++;
            var found = next < stored.Count && stored[next].Index == index ? stored[next].Hash : null;
            if (found is not null && found.AsSpan().SequenceEqual(hash))
            {
                continue;
            }

            BadNodes++;
            if (first is null && _reportedLevels.Add(level))
            {
                var from = index << level;
                var to = ((index + 1) << level) - 1;
                first = new VerificationFailure(from, VerificationStatus.MerkleNodeMismatch, found is null
                    ? $"The stored Merkle node at level {level}, index {index} (entries {from} to {to}) is missing; proofs that need it cannot be built. Later bad nodes at this level are counted, not listed."
                    : $"The stored Merkle node at level {level}, index {index} (entries {from} to {to}) is not the hash of those entries; proofs built from it would fail. Later bad nodes at this level are counted, not listed.");
            }
        }

        expected.Clear();
        return first;
    }

    private void Expect(int level, long index, ReadOnlySpan<byte> hash)
    {
        if (!MerkleStorageLayout.IsStoredLevel(level))
        {
            return;
        }

        if (!_pending.TryGetValue(level, out var nodes))
        {
            _pending[level] = nodes = [];
        }

        nodes.Add((index, hash.ToArray()));
    }
}
