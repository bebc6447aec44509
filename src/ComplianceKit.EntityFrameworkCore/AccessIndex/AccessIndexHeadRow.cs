namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>How far a chain's access side index reaches, and how far its spans are merged.</summary>
internal sealed class AccessIndexHeadRow
{
    public required string ChainId { get; set; }

    /// <summary>The first sequence not indexed: lookups read the side index below it and the entries from it on.</summary>
    public long IndexedTo { get; set; }

    /// <summary>
    /// The first sequence whose span is not wholly merged (a multiple of <see cref="AccessIndexLayout.SpanSize"/>, at most
    /// <see cref="IndexedTo"/>): lookups probe one block per span below it and every block from it on.
    /// </summary>
    public long MergedTo { get; set; }

    /// <summary>With <see cref="MergedKey"/>, where the merge of the span at <see cref="MergedTo"/> stands: rows of a lower kind, or of this kind up to that key, are in the span's first block.</summary>
    public int MergeKind { get; set; }

    /// <summary>The last key of <see cref="MergeKind"/> merged so far (empty: none; keys are never empty).</summary>
    public required string MergedKey { get; set; }
}
