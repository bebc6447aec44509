using System.Diagnostics.CodeAnalysis;

namespace ComplianceKit.Projection;

/// <summary>
/// One string object for each distinct value of the projector's repetitive columns (evidence kinds, collectors, media types,
/// course ids, versions and content digests): a rebuild keeps every row live until it is written, and the garbage collector walks
/// (and promotes) each of hundreds of thousands of equal strings that the payload decoder allocated one per entry.
/// </summary>
/// <remarks>Holds at most <see cref="MaxShared"/> values, so a column that turns out to be unique costs a bounded lookup table.</remarks>
internal sealed class SharedStrings
{
    /// <summary>How many distinct values are kept to share; later values are used as given.</summary>
    public const int MaxShared = 4_096;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The shared string equal to <paramref name="value"/> (ordinal), or <paramref name="value"/> itself.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public string? Share(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_values.Count < MaxShared)
        {
            _values.Add(value, value);
        }

        return value;
    }
}
