using System.Runtime.CompilerServices;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Retention;
using ComplianceKit.Verification;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Testing.Ledger;

/// <summary>
/// An <see cref="IComplianceLedger"/> kept in memory, for testing code above the store (gates, approvals, readiness,
/// a host's own services) without a database. It has the stores' semantics because it runs the kernel's rules:
/// drafts are validated, canonicalized, PHI-guarded, salted and digested as a store prepares them, sealed onto the
/// chain's head by the kernel's chain linker, with the stored-level Merkle nodes and the head kept as a store keeps
/// them; proofs come from those nodes and verification is the kernel's streaming verifier over entries, nodes and
/// head.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Appends to one chain are serialised (no fork, no gap); a batch is committed whole or not at all;
/// cancellation stops an append before it commits. Invalid drafts throw <see cref="LedgerValidationException"/> and
/// out-of-range sizes <see cref="ArgumentOutOfRangeException"/>, as from a store.</para>
/// <para>A read snapshot (<see cref="BeginReadSnapshotAsync"/>) belongs to this instance: until it is disposed every
/// read through this instance sees every chain as of the instant it began. An append through the instance meanwhile is
/// seen by it, unless another writer moved the chain since the snapshot began, which is refused with
/// <see cref="InvalidOperationException"/> (as SQLite and PostgreSQL refuse such a write). Use one instance per scope,
/// as with a store.</para>
/// <para>There are no transactions to join and nothing persists: entries live as long as the
/// <see cref="InMemoryLedgerStore"/>. Not for production.</para>
/// </remarks>
public sealed class InMemoryComplianceLedger : IComplianceLedger
{
    private readonly InMemoryLedgerStore _store;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly PayloadPrivacyGuard _guard;
    private readonly object _snapshotGate = new();
    private Dictionary<string, InMemoryHead>? _snapshot;

    /// <summary>Creates a ledger over <paramref name="store"/>, as a store's ledger is created over a database.</summary>
    /// <param name="store">The chains; share it between instances to share the ledger.</param>
    /// <param name="clock">Stamps recorded-at; a <c>NodaTime.Testing.FakeClock</c> makes tests repeatable.</param>
    /// <param name="options">Limits, the default chain and the PHI guard, as for a store.</param>
    public InMemoryComplianceLedger(InMemoryLedgerStore store, IClock clock, IOptions<ComplianceKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _clock = clock;
        _options = options.Value;
        _guard = new PayloadPrivacyGuard(_options.AllowPhiInPayloads);
    }

    /// <summary>Creates a ledger with a store of its own and the given (or default) options.</summary>
    public InMemoryComplianceLedger(IClock clock, ComplianceKitOptions? options = null)
        : this(new InMemoryLedgerStore(), clock, Options.Create(options ?? new ComplianceKitOptions()))
    {
    }

    /// <summary>The store this ledger reads and appends.</summary>
    public InMemoryLedgerStore Store => _store;

    /// <inheritdoc />
    public Task<AppendReceipt> AppendAsync(EntryDraft draft, CancellationToken cancellationToken = default) =>
        AppendAsync(_options.DefaultChainId, [draft], cancellationToken);

    /// <inheritdoc />
    public Task<AppendReceipt> AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedEntry.PrepareBatch(chainId, drafts, _options, _guard);

        cancellationToken.ThrowIfCancellationRequested();
        lock (_snapshotGate)
        {
            if (_snapshot is null)
            {
                return Task.FromResult(_store.Append(chainId, prepared, _clock, expectedSize: null, cancellationToken));
            }

            // Inside this instance's snapshot: its own write is seen by it, as in a store's transaction.
            var expected = _snapshot.TryGetValue(chainId, out var head) ? head.Size : 0;
            var receipt = _store.Append(chainId, prepared, _clock, expected, cancellationToken);
            _snapshot[chainId] = _store.Find(chainId)!.Head;
            return Task.FromResult(receipt);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadAsync(string chainId, long fromSequence = 0, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        return ReadPagesAsync(chainId, fromSequence, include: null, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeAsync(string chainId, IReadOnlyCollection<string> entryTypes, CancellationToken cancellationToken = default) =>
        ReadByTypeFromAsync(chainId, entryTypes, 0, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerEntry> ReadByTypeFromAsync(string chainId, IReadOnlyCollection<string> entryTypes, long fromSequence, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(entryTypes);
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        if (entryTypes.Count == 0)
        {
            throw new ArgumentException("Name at least one entry type.", nameof(entryTypes));
        }

        var types = entryTypes.ToHashSet(StringComparer.Ordinal);
        return ReadPagesAsync(chainId, fromSequence, e => types.Contains(e.EntryType), cancellationToken);
    }

    /// <inheritdoc />
    public Task<LedgerEntry?> GetEntryAsync(string chainId, long sequence, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        cancellationToken.ThrowIfCancellationRequested();
        var head = HeadOf(chainId);
        var entry = head is null ? null : _store.Find(chainId)!.Read(sequence, Math.Min(sequence + 1, head.Size), 1).SingleOrDefault();
        return Task.FromResult(entry);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetChainIdsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_snapshotGate)
        {
            IReadOnlyList<string> chains = _snapshot is null
                ? _store.ChainIds
                : [.. _snapshot.Where(c => c.Value.Size > 0).Select(c => c.Key).Order(StringComparer.Ordinal)];
            return Task.FromResult(chains);
        }
    }

    /// <inheritdoc />
    public async Task<ChainVerificationReport> VerifyAsync(string chainId, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        var snapshot = await BeginReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            var head = HeadOf(chainId);
            return head is null
                ? new ChainVerifier(chainId).Complete()
                : InMemoryChainScan.Verify(_store.Find(chainId)!, chainId, head, cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> BeginReadSnapshotAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_snapshotGate)
        {
            if (_snapshot is not null)
            {
                // Like a store inside an open transaction: the snapshot already open is used as it is.
                return Task.FromResult<IAsyncDisposable>(InMemoryReadSnapshot.Joined);
            }

            _snapshot = _store.CaptureHeads();
            return Task.FromResult<IAsyncDisposable>(new InMemoryReadSnapshot(EndSnapshot));
        }
    }

    /// <inheritdoc />
    public async Task<MerkleTreeHead> GetTreeHeadAsync(string chainId, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        var head = HeadOf(chainId);
        var headSize = head?.Size ?? 0;
        var size = treeSize ?? headSize;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(treeSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, headSize, nameof(treeSize));
        if (head is null || size == head.Size)
        {
            return new MerkleTreeHead(size, head?.TreeRoot.ToArray() ?? MerkleHasher.EmptyRoot.ToArray());
        }

        var root = await MerkleProofBuilder.ComputeRootAsync(_store.Find(chainId)!.SubtreeSource(), size, cancellationToken).ConfigureAwait(false);
        return new MerkleTreeHead(size, root);
    }

    /// <inheritdoc />
    public async Task<InclusionProof> GetInclusionProofAsync(string chainId, long sequence, long treeSize, CancellationToken cancellationToken = default)
    {
        var head = RequireHead(chainId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, head.Size);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, treeSize);
        return await MerkleProofBuilder.BuildInclusionAsync(_store.Find(chainId)!.SubtreeSource(), sequence, treeSize, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ConsistencyProof> GetConsistencyProofAsync(string chainId, long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        var head = RequireHead(chainId);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(secondSize, head.Size);
        return await MerkleProofBuilder.BuildConsistencyAsync(_store.Find(chainId)!.SubtreeSource(), firstSize, secondSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The head this instance reads under: its snapshot's, or the committed one; null for a chain with no head.</summary>
    private InMemoryHead? HeadOf(string chainId)
    {
        lock (_snapshotGate)
        {
            var head = _snapshot is null ? _store.Find(chainId)?.Head : _snapshot.GetValueOrDefault(chainId);
            return head is { Size: > 0 } ? head : null;
        }
    }

    private InMemoryHead RequireHead(string chainId)
    {
        LedgerLimits.ValidateChainId(chainId);
        return HeadOf(chainId) ?? throw new ArgumentException($"The store holds no chain '{chainId}'.", nameof(chainId));
    }

    private void EndSnapshot()
    {
        lock (_snapshotGate)
        {
            _snapshot = null;
        }
    }

    private async IAsyncEnumerable<LedgerEntry> ReadPagesAsync(string chainId, long from, Func<LedgerEntry, bool>? include,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded by the head when reading starts, as one SELECT sees one snapshot.
        var head = HeadOf(chainId);
        if (head is null)
        {
            yield break;
        }

        var chain = _store.Find(chainId)!;
        while (from < head.Size)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = chain.Read(from, head.Size, InMemoryChainScan.PageSize, include);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count == 0)
            {
                yield break;
            }

            from = page[^1].Sequence + 1;
            await Task.Yield();
        }
    }
}
