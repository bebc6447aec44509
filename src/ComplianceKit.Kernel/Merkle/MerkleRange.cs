namespace ComplianceKit.Merkle;

/// <summary>
/// The half-open range of leaf indexes [<see cref="Start"/>, <see cref="End"/>) of a Merkle subtree.
/// The hash of a range is the RFC 6962 Merkle Tree Hash of exactly those leaves.
/// </summary>
/// <param name="Start">The index of the first leaf; not negative.</param>
/// <param name="End">The index one past the last leaf; not below <paramref name="Start"/>.</param>
public readonly record struct MerkleRange(long Start, long End)
{
    /// <summary>Gets the index of the first leaf in the range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On construction, when the start is negative.</exception>
    public long Start { get; } = Start >= 0
        ? Start
        : throw new ArgumentOutOfRangeException(nameof(Start), Start, "A leaf range cannot start before leaf 0.");

    /// <summary>Gets the index one past the last leaf in the range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On construction, when the end is before the start.</exception>
    public long End { get; } = End >= Start
        ? End
        : throw new ArgumentOutOfRangeException(nameof(End), End, $"A leaf range cannot end before its start ({Start}).");

    /// <summary>Gets the number of leaves in the range.</summary>
    public long Count => End - Start;
}
