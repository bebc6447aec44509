namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>
/// A chain's head as stored: size, last entry hash, last recorded-at, the Merkle right edge and root.
/// Writers lock this row to serialize appends to the chain.
/// </summary>
public sealed class ChainHeadRow
{
    /// <summary>The chain.</summary>
    public required string ChainId { get; set; }

    /// <summary>How many entries the chain holds.</summary>
    public long Size { get; set; }

    /// <summary>The entry hash of the last entry; zeros for an empty chain.</summary>
    public required byte[] LastEntryHash { get; set; }

    /// <summary>The last entry's recorded-at, in Unix microseconds; <see langword="null"/> for an empty chain.</summary>
    public long? LastRecordedAt { get; set; }

    /// <summary>The Merkle right edge: the roots of the perfect subtrees that make up the tree, largest first.</summary>
    public required byte[] Frontier { get; set; }

    /// <summary>The Merkle root at <see cref="Size"/>.</summary>
    public required byte[] TreeRoot { get; set; }

    /// <summary>Bumped by every append; taking the row's write lock is the point.</summary>
    public long LockVersion { get; set; }
}
