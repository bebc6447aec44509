using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Telemetry;

namespace ComplianceKit.Verification;

/// <summary>
/// Verifies a chain one entry at a time, in sequence order, with memory that does not grow with the
/// chain: it keeps the last entry hash, the Merkle right edge (O(log n)) and at most
/// <see cref="MaxRecordedFailures"/> findings. Feed it from a database reader or a bundle.
/// </summary>
/// <remarks>Not thread-safe: one verifier reads one chain.</remarks>
public sealed class ChainVerifier
{
    /// <summary>The most findings a report keeps; later ones are counted, and still passed to the callback.</summary>
    public const int MaxRecordedFailures = ChainVerificationReport.MaxRecordedFindings;

    private readonly string _chainId;
    private readonly Action<VerificationFailure>? _onFailure;
    private readonly MerkleNodeCallback? _onNodeCompleted;
    private readonly List<VerificationFailure> _failures = [];
    private readonly CompactRange _tree;
    private byte[] _previousHash = EntryEncoding.GenesisPreviousHash.ToArray();
    private long _nextSequence;
    private long _entriesRead;
    private long _purged;
    private long _totalFailures;
    private VerificationStatus _status = VerificationStatus.Valid;

    /// <summary>Creates a verifier for one chain.</summary>
    /// <param name="chainId">The chain every entry must belong to.</param>
    /// <param name="isPurged">Tells whether an absent payload was purged under a recorded policy, and by which entry; absent payloads are failures without it.</param>
    /// <param name="onFailure">Called for every finding as it is made, including those beyond the cap.</param>
    /// <param name="onNodeCompleted">Receives every Merkle node the entries complete, so a store can compare the nodes it keeps (<see cref="StoredMerkleCheck"/>).</param>
    public ChainVerifier(string chainId, Func<long, string?>? isPurged = null, Action<VerificationFailure>? onFailure = null,
        MerkleNodeCallback? onNodeCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        _chainId = chainId;
        IsPurged = isPurged;
        _onFailure = onFailure;
        _onNodeCompleted = onNodeCompleted;
        _tree = new CompactRange();
    }

    private ChainVerifier(string chainId, Func<long, string?>? isPurged, Action<VerificationFailure>? onFailure, MerkleNodeCallback? onNodeCompleted,
        CompactRange tree)
        : this(chainId, isPurged, onFailure, onNodeCompleted) => _tree = tree;

    /// <summary>
    /// A verifier that continues after <paramref name="from"/>: the next entry it takes is sequence
    /// <see cref="VerifiedPoint.Size"/>, linked to the last entry verified, and the tree grows from the verified right edge, so
    /// <see cref="Complete"/> checks the head against every entry, not only the new ones.
    /// </summary>
    /// <param name="from">A point this process verified (<see cref="Position"/> of an earlier verifier).</param>
    /// <param name="isPurged">As for the constructor.</param>
    /// <param name="onFailure">As for the constructor.</param>
    public static ChainVerifier ContinueFrom(VerifiedPoint from, Func<long, string?>? isPurged, Action<VerificationFailure>? onFailure)
    {
        ArgumentNullException.ThrowIfNull(from);
        return new ChainVerifier(from.ChainId, isPurged, onFailure, onNodeCompleted: null, from.Frontier())
        {
            _previousHash = from.LastEntryHash.ToArray(),
            _nextSequence = from.Size,
        };
    }

    private Func<long, string?>? IsPurged { get; }

    /// <summary>
    /// How far this verifier has verified, for a later verifier to continue from; <see langword="null"/> once any failure was
    /// found (a recorded purge is no failure). Take it after <see cref="Complete"/> returned a valid report, so the head was checked too.
    /// </summary>
    public VerifiedPoint? Position => _status > VerificationStatus.PayloadPurged
        ? null
        : new VerifiedPoint(_chainId, _nextSequence, _previousHash.ToArray(), _tree.Serialize(), _tree.ComputeRoot());

    /// <summary>How many entries have been read so far.</summary>
    public long EntriesRead => _entriesRead;

    /// <summary>Checks the next entry: payload digest, header hash, link, sequence and chain id.</summary>
    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Add(entry, EntryDigests.Compute(entry));
    }

    /// <summary>Checks the next entry with its digests already computed (for example on another thread).</summary>
    internal void Add(LedgerEntry entry, EntryDigests digests)
    {
        var computed = digests.EntryHash;
        Add(entry.Sequence, entry.ChainId, PayloadCheck.Facts.Of(entry, digests.PayloadDigest),
            computed is null ? null : computed.AsSpan().SequenceEqual(entry.EntryHash), entry.PreviousHash, entry.EntryHash, digests.LeafHash);
    }

    /// <summary>
    /// Checks the next entry from what was computed about it, without a <see cref="LedgerEntry"/> (a bundle's entry lines are
    /// hashed where they lie in the read buffer).
    /// </summary>
    /// <param name="sequence">The entry's sequence.</param>
    /// <param name="chainId">The chain it names.</param>
    /// <param name="payload">What the payload rule looks at.</param>
    /// <param name="headerHolds">Whether the header hashes to the stored entry hash; <see langword="null"/> when it cannot be encoded.</param>
    /// <param name="previousHash">The stored previous-hash.</param>
    /// <param name="entryHash">The stored entry hash.</param>
    /// <param name="leafHash">The leaf hash of the stored entry hash.</param>
    internal void Add(long sequence, string chainId, PayloadCheck.Facts payload, bool? headerHolds,
        ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> entryHash, ReadOnlySpan<byte> leafHash)
    {
        _entriesRead++;

        if (sequence < _nextSequence)
        {
            Report(sequence, VerificationStatus.DuplicateSequence, $"A second entry claims sequence {sequence} (a fork); it is ignored for the rest of the check.");
            return;
        }

        var gap = sequence > _nextSequence;
        if (gap)
        {
            Report(_nextSequence, VerificationStatus.SequenceGap, sequence - _nextSequence == 1
                ? $"Entry {_nextSequence} is missing."
                : $"Entries {_nextSequence} to {sequence - 1} are missing.");
        }

        if (!string.Equals(chainId, _chainId, StringComparison.Ordinal))
        {
            Report(sequence, VerificationStatus.HeaderAltered, $"The entry names chain '{chainId}', not '{_chainId}'.");
        }

        CheckPayload(sequence, payload);

        if (headerHolds != true)
        {
            Report(sequence, VerificationStatus.HeaderAltered, headerHolds is null
                ? "The header cannot be encoded: a stored hash is not 32 bytes or a text field is not valid Unicode."
                : "The header no longer hashes to the stored entry hash.");
        }

        // After a gap the link cannot hold; the gap already names the cause.
        if (!gap && !previousHash.SequenceEqual(_previousHash))
        {
            Report(sequence, VerificationStatus.LinkBroken, "Its previous-hash is not the entry hash of the entry before it.");
        }

        // Link and build the tree on the stored hash, so one altered header is reported once, not
        // again at its successor and at the head. The copy goes into this verifier's own array.
        if (_previousHash.Length == entryHash.Length)
        {
            entryHash.CopyTo(_previousHash);
        }
        else
        {
            _previousHash = entryHash.ToArray();
        }

        _tree.Append(leafHash, _onNodeCompleted);
        _nextSequence = sequence + 1;
    }

    /// <summary>
    /// Names a row the chain's recorded head does not cover: its sequence is at or past the head's size, or the chain
    /// has no head row at all. It is neither checked nor linked (no hash the head covers includes it), only reported.
    /// </summary>
    /// <param name="entry">The row.</param>
    /// <param name="recordedSize">The head's size, or <see langword="null"/> when the chain has no head row.</param>
    public void AddBeyondHead(LedgerEntry entry, long? recordedSize)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entriesRead++;
        Report(entry.Sequence, VerificationStatus.EntryBeyondHead, recordedSize is { } size
            ? $"A {entry.EntryType} row lies past the chain's head (size {size}): no hash the head covers includes it, so it was planted; decisions ignore it."
            : $"A {entry.EntryType} row belongs to a chain with no head row: the head was deleted, or the row was planted; decisions ignore it.");
    }

    /// <summary>Records a finding a store made about what it keeps beside the entries (a stored Merkle node, see <see cref="StoredMerkleCheck"/>).</summary>
    public void AddFinding(VerificationFailure finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        Report(finding.Sequence, finding.Status, finding.Message);
    }

    /// <summary>Compares the chain's recorded head with what was read, then returns the report.</summary>
    /// <param name="recordedSize">The size the store records for the chain, if it records one.</param>
    /// <param name="recordedLastHash">The last entry hash the store records, if any.</param>
    /// <param name="recordedRoot">The Merkle root the store records for that size, if any.</param>
    /// <param name="recordedFrontier">The right edge the store keeps for appends to continue from (<see cref="CompactRange.Serialize"/>), if any.</param>
    public ChainVerificationReport Complete(long? recordedSize = null, byte[]? recordedLastHash = null, byte[]? recordedRoot = null,
        byte[]? recordedFrontier = null)
    {
        var root = _tree.ComputeRoot();
        if (recordedSize is { } size && size != _nextSequence)
        {
            Report(Math.Min(size, _nextSequence), VerificationStatus.HeadMismatch, size > _nextSequence
                ? $"The chain records {size} entries but only {_nextSequence} were found: entries were removed from the end."
                : $"The chain records {size} entries but {_nextSequence} were found.");
        }
        else if (recordedLastHash is not null && _nextSequence > 0 && !recordedLastHash.AsSpan().SequenceEqual(_previousHash))
        {
            Report(_nextSequence - 1, VerificationStatus.HeadMismatch, "The chain's recorded last hash is not the hash of its last entry.");
        }
        else if (recordedRoot is not null && !recordedRoot.AsSpan().SequenceEqual(root))
        {
            Report(Math.Max(0, _nextSequence - 1), VerificationStatus.HeadMismatch, "The chain's recorded Merkle root is not the root of its entries.");
        }
        else if (recordedFrontier is not null && !recordedFrontier.AsSpan().SequenceEqual(_tree.Serialize()))
        {
            Report(Math.Max(0, _nextSequence - 1), VerificationStatus.MerkleNodeMismatch,
                "The chain's stored frontier (the right edge appends continue from) is not the right edge of its entries: the next append would seal a wrong root.");
        }

        var head = new MerkleTreeHead(_tree.Size, root);
        return new ChainVerificationReport(_chainId, _entriesRead, _purged, _status, _failures.ToArray(), _totalFailures, head);
    }

    /// <summary>Verifies a whole stream of entries, in sequence order.</summary>
    public static async Task<ChainVerificationReport> VerifyAsync(string chainId, IAsyncEnumerable<LedgerEntry> entries,
        Func<long, string?>? isPurged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new ChainVerifier(chainId, isPurged);
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }

    private void CheckPayload(long sequence, PayloadCheck.Facts facts)
    {
        var (finding, message) = PayloadCheck.Check(sequence, facts, IsPurged, "The payload is gone and no retention purge accounts for it.");
        switch (finding)
        {
            case PayloadCheck.Finding.Purged:
                _purged++;
                Report(sequence, VerificationStatus.PayloadPurged, message!);
                break;
            case PayloadCheck.Finding.Missing:
                Report(sequence, VerificationStatus.PayloadMissing, message!);
                break;
            case PayloadCheck.Finding.Altered:
                Report(sequence, VerificationStatus.PayloadAltered, message!);
                break;
            default:
                break;
        }
    }

    private void Report(long sequence, VerificationStatus status, string message)
    {
        var failure = new VerificationFailure(sequence, status, message);
        ComplianceKitDiagnostics.VerificationFindings.Add(1, ComplianceKitDiagnostics.ChainTag(_chainId),
            new KeyValuePair<string, object?>(ComplianceKitTagNames.Status, status.ToString()));
        _totalFailures += status > VerificationStatus.PayloadPurged ? 1 : 0;
        if (status > _status)
        {
            _status = status;
        }

        if (_failures.Count < MaxRecordedFailures)
        {
            _failures.Add(failure);
        }

        _onFailure?.Invoke(failure);
    }
}
