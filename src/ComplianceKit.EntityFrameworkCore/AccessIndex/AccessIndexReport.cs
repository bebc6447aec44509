namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>What <see cref="AccessIndexQueries.VerifyAccessIndexAsync"/> found: the index's head and each disagreement with the entries.</summary>
public sealed class AccessIndexReport
{
    /// <summary>The most findings of each problem a report records.</summary>
    public const int MaxRecordedFindings = 10_000;

    internal AccessIndexReport(string chainId, long indexedTo, IReadOnlyList<AccessIndexFinding> findings)
    {
        ChainId = chainId;
        IndexedTo = indexedTo;
        Findings = findings;
    }

    /// <summary>The chain checked.</summary>
    public string ChainId { get; }

    /// <summary>The first sequence the index does not claim to hold; entries from it on are read directly by lookups.</summary>
    public long IndexedTo { get; }

    /// <summary>Every disagreement found (up to <see cref="MaxRecordedFindings"/> of each problem), by sequence.</summary>
    public IReadOnlyList<AccessIndexFinding> Findings { get; }

    /// <summary>Whether the index agrees with the entries.</summary>
    public bool IsValid => Findings.Count == 0;
}
