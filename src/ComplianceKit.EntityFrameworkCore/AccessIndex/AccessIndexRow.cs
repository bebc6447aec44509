namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// One key of one entry in the access side index: the entry's subject (the record pseudonym) or its actor (the user),
/// under the block of 4,096 sequences the entry falls in, so rows written together sit together (no hashes: the entries
/// stay the source of truth and <c>VerifyAccessIndexAsync</c> checks these rows against them).
/// </summary>
internal sealed class AccessIndexRow
{
    public required string ChainId { get; set; }

    /// <summary>The entry's sequence divided by <see cref="AccessIndexLayout.BlockSize"/>: the leading key, so appends cluster.</summary>
    public long Block { get; set; }

    public AccessIndexKey Kind { get; set; }

    public required string Key { get; set; }

    /// <summary>The entry's occurred-at in Unix microseconds, so a window is applied before any entry is read.</summary>
    public long OccurredAt { get; set; }

    public long Sequence { get; set; }
}
