using ComplianceKit.Merkle;

namespace ComplianceKit.Tests.Merkle;

/// <summary>
/// A fake database: appends leaves through a <see cref="CompactRange"/> and keeps level 0 plus the
/// nodes its callback reports on stored levels, then serves them to a <see cref="StridedSubtreeSource"/>.
/// </summary>
internal sealed class InMemoryNodeStore
{
    private readonly Dictionary<int, List<byte[]>> _levels = [];

    public CompactRange Range { get; } = new();

    public int ReadCount { get; private set; }

    public IReadOnlyCollection<int> StoredLevels => _levels.Keys;

    public static InMemoryNodeStore WithLeaves(IEnumerable<byte[]> leafHashes)
    {
        var store = new InMemoryNodeStore();
        foreach (var leafHash in leafHashes)
        {
            store.Append(leafHash);
        }

        return store;
    }

    public void Append(byte[] leafHash)
    {
        Level(0).Add(leafHash);
        Range.Append(leafHash, (level, index, hash) =>
        {
            if (MerkleStorageLayout.IsStoredLevel(level))
            {
                Assert.Equal(Level(level).Count, index);
                Level(level).Add(hash.ToArray());
            }
        });
    }

    public StridedSubtreeSource CreateSource() => new((level, start, count, _) =>
    {
        ReadCount++;
        Assert.True(count <= 8, $"read of {count} nodes");
        IReadOnlyList<byte[]> nodes = Level(level).Skip((int)start).Take(count).ToList();
        return ValueTask.FromResult(nodes);
    });

    private List<byte[]> Level(int level)
    {
        if (!_levels.TryGetValue(level, out var nodes))
        {
            nodes = [];
            _levels[level] = nodes;
        }

        return nodes;
    }
}
