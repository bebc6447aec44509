using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Testing.Ledger;

/// <summary>
/// One chain of the in-memory store: its entries, its stored-level Merkle nodes and its head, guarded by one lock.
/// Appends link under the lock with the kernel's <see cref="ChainLinker"/>, so they are serialised like a store's
/// chain lock; entries and nodes are written before the head moves, and readers bounded by a head never see a
/// half-written append.
/// </summary>
internal sealed class InMemoryChain
{
    private readonly object _gate = new();
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<int, List<byte[]>> _nodes = [];
    private readonly string _chainId;
    private ChainState _state;

    public InMemoryChain(string chainId)
    {
        _chainId = chainId;
        _state = ChainState.Empty(chainId);
        Head = new InMemoryHead(0, _state.LastEntryHash, MerkleHasher.EmptyRoot.ToArray(), []);
    }

    /// <summary>The committed head; replaced, never changed, by an append.</summary>
    public InMemoryHead Head { get; private set; }

    /// <summary>Links <paramref name="prepared"/> onto the head and commits them: all or nothing.</summary>
    /// <param name="prepared">The entries, prepared before any lock.</param>
    /// <param name="clock">Stamps recorded-at, read under the lock.</param>
    /// <param name="cancellationToken">Checked before the commit, never after.</param>
    /// <param name="expectedSize">When set, the append is refused unless the head is still at this size (a snapshot's own write).</param>
    public AppendReceipt Append(IReadOnlyList<PreparedEntry> prepared, IClock clock, long? expectedSize, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (expectedSize is { } expected && expected != Head.Size)
            {
                throw new InvalidOperationException(
                    $"Chain '{_chainId}' moved from {expected} to {Head.Size} entries since this ledger's read snapshot began; a store refuses such a write too.");
            }

            // Link on a copy of the head: a failure before the commit below leaves the chain as it was.
            var state = ChainState.FromStored(_chainId, _state.Size, _state.LastEntryHash.ToArray(), _state.LastRecordedAt,
                _state.SerializeFrontier());
            var nodes = new List<MerkleNode>();
            var entries = ChainLinker.Link(state, prepared, clock.GetCurrentInstant(), nodes);
            var root = state.ComputeRoot();

            // Like a store, cancellation stops an append before it commits, never halfway through.
            cancellationToken.ThrowIfCancellationRequested();
            _entries.AddRange(entries.Select(InMemoryEntries.Copy));
            foreach (var node in nodes)
            {
                Level(node.Level).Add(node.Hash.ToArray());
            }

            _state = state;
            Head = new InMemoryHead(state.Size, state.LastEntryHash.ToArray(), root, state.SerializeFrontier());
            return new AppendReceipt(_chainId, entries, new MerkleTreeHead(state.Size, root.ToArray()));
        }
    }

    /// <summary>Copies of the entries in [<paramref name="from"/>, <paramref name="to"/>) that <paramref name="include"/> accepts, at most <paramref name="limit"/>.</summary>
    public List<LedgerEntry> Read(long from, long to, int limit, Func<LedgerEntry, bool>? include = null)
    {
        lock (_gate)
        {
            var page = new List<LedgerEntry>();
            var end = Math.Min(to, _entries.Count);
            for (var sequence = Math.Max(from, 0); sequence < end && page.Count < limit; sequence++)
            {
                var entry = _entries[(int)sequence];
                if (include is null || include(entry))
                {
                    page.Add(InMemoryEntries.Copy(entry));
                }
            }

            return page;
        }
    }

    /// <summary>The stored nodes of <paramref name="level"/> with index in [<paramref name="from"/>, <paramref name="to"/>), in index order.</summary>
    public List<(long Index, byte[] Hash)> ReadNodes(int level, long from, long to)
    {
        lock (_gate)
        {
            var nodes = new List<(long, byte[])>();
            if (_nodes.TryGetValue(level, out var stored))
            {
                for (var index = Math.Max(from, 0); index < Math.Min(to, stored.Count); index++)
                {
                    nodes.Add((index, stored[(int)index].ToArray()));
                }
            }

            return nodes;
        }
    }

    /// <summary>
    /// A Merkle subtree source over the stored levels, as a store builds proofs: level 0 from entry hashes, higher
    /// stored levels from the nodes appends wrote.
    /// </summary>
    public IMerkleSubtreeSource SubtreeSource() => new StridedSubtreeSource((level, start, count, _) =>
    {
        IReadOnlyList<byte[]> hashes = level == 0
            ? Read(start, start + count, count).Select(e => MerkleHasher.HashLeaf(e.EntryHash)).ToList()
            : ReadNodes(level, start, start + count).Select(n => n.Hash).ToList();
        return ValueTask.FromResult(hashes);
    });

    private List<byte[]> Level(int level)
    {
        if (!_nodes.TryGetValue(level, out var stored))
        {
            stored = [];
            _nodes[level] = stored;
        }

        return stored;
    }
}
