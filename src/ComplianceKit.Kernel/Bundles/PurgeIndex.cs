namespace ComplianceKit.Bundles;

/// <summary>
/// The purges a manifest declares, as a lookup from a sequence to the purge that accounts for its absent
/// payload. A purge accounts only for entries before itself; where two purges name an entry, the earlier
/// one is named. Each declaration must later be confirmed by the purge entry itself, read by the one rule
/// of docs/FORMAT.md section 9.3 (<see cref="Retention.PurgeRegistry.Read"/>), with the same policy and ranges. Memory is proportional to the declared ranges, not to the chain.
/// </summary>
internal sealed class PurgeIndex
{
    private readonly (long First, long Last, ManifestPurge Purge)[] _ranges;
    private readonly long[] _maxLastSoFar;
    private readonly Dictionary<long, ManifestPurge> _bySequence = [];

    public PurgeIndex(IReadOnlyList<ManifestPurge> purges)
    {
        var ranges = new List<(long, long, ManifestPurge)>();
        foreach (var purge in purges)
        {
            if (!_bySequence.TryAdd(purge.Sequence, purge))
            {
                throw new FormatException($"manifest.purges names the purge entry {purge.Sequence} twice.");
            }

            foreach (var (first, last) in purge.Ranges)
            {
                if (first < purge.Sequence)
                {
                    ranges.Add((first, Math.Min(last, purge.Sequence - 1), purge));
                }
            }
        }

        _ranges = ranges.OrderBy(r => r.Item1).ToArray();
        _maxLastSoFar = new long[_ranges.Length];
        var max = long.MinValue;
        for (var i = 0; i < _ranges.Length; i++)
        {
            max = Math.Max(max, _ranges[i].Last);
            _maxLastSoFar[i] = max;
        }
    }

    /// <summary>The declared purge whose entry has sequence <paramref name="sequence"/>, if any.</summary>
    public ManifestPurge? Declared(long sequence) => _bySequence.GetValueOrDefault(sequence);

    /// <summary>The sequences of every declared purge entry.</summary>
    public IEnumerable<long> DeclaredSequences => _bySequence.Keys;

    /// <summary>The purge that accounts for <paramref name="sequence"/>, or <see langword="null"/>.</summary>
    public ManifestPurge? Find(long sequence)
    {
        var low = 0;
        var high = _ranges.Length - 1;
        var index = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_ranges[middle].First <= sequence)
            {
                index = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        ManifestPurge? found = null;
        for (var i = index; i >= 0 && _maxLastSoFar[i] >= sequence; i--)
        {
            if (_ranges[i].First <= sequence && sequence <= _ranges[i].Last && (found is null || _ranges[i].Purge.Sequence < found.Sequence))
            {
                found = _ranges[i].Purge;
            }
        }

        return found;
    }
}
