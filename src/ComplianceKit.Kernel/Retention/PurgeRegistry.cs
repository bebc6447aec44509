using ComplianceKit.Hashing;
using ComplianceKit.Ledger;

namespace ComplianceKit.Retention;

/// <summary>
/// The purges a chain records, as a lookup from an entry's sequence to the purge that removed its
/// payload. Built from the chain's <see cref="RetentionEntryTypes.Purged"/> entries before verifying, and
/// handed to <see cref="Verification.ChainVerifier"/> as its <c>isPurged</c> callback through <see cref="Explain"/>.
/// Pure computation, so the offline bundle verifier uses it too.
/// </summary>
/// <remarks>
/// <para>
/// Memory is proportional to the ranges the purge entries name, not to the chain. A purge entry is
/// accepted only when its type is <see cref="RetentionEntryTypes.Purged"/>, its payload and salt are
/// present and hash to its payload digest (so an altered purge entry cannot excuse anything: the
/// verifier reports it as altered and the payloads it names as missing), and its payload reads as
/// FORMAT.md describes. A purge accounts only for entries before itself; an entry two purges name is
/// attributed to the earlier one.
/// </para>
/// <para>Not thread-safe (the first lookup after an <see cref="Add"/> sorts the index): one verifier uses it at a time.</para>
/// </remarks>
public sealed class PurgeRegistry
{
    private readonly List<(SequenceRange Range, PurgeRecord Purge)> _ranges = [];
    private readonly List<PurgeRecord> _purges = [];
    private readonly List<long> _rejected = [];
    private long[] _maxLastSoFar = [];
    private bool _sorted = true;

    /// <summary>The purges accepted, in the order added.</summary>
    public IReadOnlyList<PurgeRecord> Purges => _purges;

    /// <summary>Sequences of purge entries that were not accepted (altered, payload absent, or unreadable).</summary>
    public IReadOnlyList<long> Rejected => _rejected;

    /// <summary>Builds a registry from a chain's purge entries (other entry types are ignored).</summary>
    public static PurgeRegistry FromEntries(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var registry = new PurgeRegistry();
        foreach (var entry in entries)
        {
            registry.Add(entry);
        }

        return registry;
    }

    /// <summary>Adds a purge entry; returns whether it was accepted. Entries of other types are ignored (and not counted as rejected).</summary>
    public bool Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!string.Equals(entry.EntryType, RetentionEntryTypes.Purged, StringComparison.Ordinal))
        {
            return false;
        }

        var purge = Read(entry);
        if (purge is null)
        {
            _rejected.Add(entry.Sequence);
            return false;
        }

        _purges.Add(purge);
        foreach (var range in purge.Ranges)
        {
            // A purge can only account for entries that existed before it.
            if (range.First >= entry.Sequence)
            {
                break;
            }

            var clipped = range with { Last = Math.Min(range.Last, entry.Sequence - 1) };
            if (_ranges.Count > 0 && _ranges[^1].Range.First > clipped.First)
            {
                _sorted = false;
            }

            _ranges.Add((clipped, purge));
        }

        _maxLastSoFar = [];
        return true;
    }

    /// <summary>The purge that accounts for <paramref name="sequence"/>, or <see langword="null"/>.</summary>
    public PurgeRecord? Find(long sequence)
    {
        EnsureIndexed();

        // The last range starting at or before the sequence; earlier ones may still reach it if ranges overlap.
        var low = 0;
        var high = _ranges.Count - 1;
        var index = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_ranges[middle].Range.First <= sequence)
            {
                index = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        PurgeRecord? found = null;
        for (var i = index; i >= 0 && _maxLastSoFar[i] >= sequence; i--)
        {
            if (_ranges[i].Range.Contains(sequence) && (found is null || _ranges[i].Purge.Sequence < found.Sequence))
            {
                found = _ranges[i].Purge;
            }
        }

        return found;
    }

    /// <summary>
    /// The verifier's <c>isPurged</c> callback: "purged under policy P by entry N" when a purge accounts
    /// for <paramref name="sequence"/>, else <see langword="null"/>.
    /// </summary>
    public string? Explain(long sequence) =>
        Find(sequence) is { } purge ? $"purged under policy {purge.PolicyId} by entry {purge.Sequence}" : null;

    /// <summary>Reads and checks one purge entry, or returns <see langword="null"/>.</summary>
    public static PurgeRecord? Read(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Payload is null || entry.PayloadSalt is null || entry.PayloadSalt.Length != EntryEncoding.SaltSize
            || entry.PayloadDigest.Length != Sha256Digest.Size
            || !EntryEncoding.ComputePayloadDigest(entry.PayloadSalt, entry.Payload).AsSpan().SequenceEqual(entry.PayloadDigest))
        {
            return null;
        }

        return RetentionPayloads.ReadPurged(entry.Payload, entry.Sequence, entry.Actor, entry.RecordedAt);
    }

    private void EnsureIndexed()
    {
        if (!_sorted)
        {
            // Stable, so equal starts keep chain order.
            var ordered = _ranges.OrderBy(r => r.Range.First).ToList();
            _ranges.Clear();
            _ranges.AddRange(ordered);
            _sorted = true;
            _maxLastSoFar = [];
        }

        if (_maxLastSoFar.Length != _ranges.Count)
        {
            _maxLastSoFar = new long[_ranges.Count];
            var max = long.MinValue;
            for (var i = 0; i < _ranges.Count; i++)
            {
                max = Math.Max(max, _ranges[i].Range.Last);
                _maxLastSoFar[i] = max;
            }
        }
    }
}
