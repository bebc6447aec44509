namespace ComplianceKit.Retention;

/// <summary>An inclusive range of sequence numbers, <c>[First, Last]</c>; how purge entries name what they purged.</summary>
/// <param name="First">The first sequence in the range.</param>
/// <param name="Last">The last sequence in the range; not less than <paramref name="First"/>.</param>
public readonly record struct SequenceRange(long First, long Last)
{
    /// <summary>How many sequences the range holds.</summary>
    public long Count => Last - First + 1;

    /// <summary>Whether <paramref name="sequence"/> is in the range.</summary>
    public bool Contains(long sequence) => sequence >= First && sequence <= Last;

    /// <summary>Compacts sequences into the fewest ranges: sorted, de-duplicated, adjacent ones merged.</summary>
    public static IReadOnlyList<SequenceRange> Compact(IEnumerable<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var sorted = sequences.ToArray();
        Array.Sort(sorted);
        var ranges = new List<SequenceRange>();
        for (var i = 0; i < sorted.Length; i++)
        {
            var first = sorted[i];
            var last = first;
            while (i + 1 < sorted.Length && sorted[i + 1] <= last + 1)
            {
                last = sorted[++i];
            }

            ranges.Add(new SequenceRange(first, last));
        }

        return ranges;
    }

    /// <inheritdoc />
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
