using ComplianceKit.Merkle;

namespace ComplianceKit.Bundles;

/// <summary>
/// The RFC 6962 roots of a full bundle's first <c>n</c> entries for a few chosen sizes, taken while the entries stream by: one compact
/// range, appended to until the largest size, so memory is O(log n) whatever the sizes.
/// </summary>
internal sealed class PrefixRoots
{
    private readonly CompactRange _range = new();
    private readonly HashSet<long> _sizes;
    private readonly long _largest;
    private readonly Dictionary<long, byte[]> _roots = [];

    public PrefixRoots(IEnumerable<long> sizes)
    {
        _sizes = [.. sizes.Where(s => s > 0)];
        _largest = _sizes.Count == 0 ? 0 : _sizes.Max();
    }

    /// <summary>Adds the next entry's leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (_range.Size >= _largest)
        {
            return;
        }

        _range.Append(leafHash);
        if (_sizes.Contains(_range.Size))
        {
            _roots[_range.Size] = _range.ComputeRoot();
        }
    }

    /// <summary>The root of the first <paramref name="size"/> entries, or <see langword="null"/> when fewer were read.</summary>
    public byte[]? RootAt(long size) => _roots.GetValueOrDefault(size);
}
