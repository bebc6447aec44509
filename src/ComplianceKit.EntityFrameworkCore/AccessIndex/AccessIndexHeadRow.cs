namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>How far a chain's access side index reaches: every entry below <see cref="IndexedTo"/> has its rows.</summary>
internal sealed class AccessIndexHeadRow
{
    public required string ChainId { get; set; }

    /// <summary>The first sequence not indexed: lookups read the side index below it and the entries from it on.</summary>
    public long IndexedTo { get; set; }
}
