namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>How the access side index disagrees with the entries.</summary>
public enum AccessIndexProblem
{
    /// <summary>An entry below the index's head has no row for this key: removed from the index, it would be missing from lookups.</summary>
    Missing = 1,

    /// <summary>A row names no entry with this key, block and occurred-at: added to the index (lookups ignore it, as the entries decide).</summary>
    Unexpected = 2,
}
