namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>
/// The stored projection of a chain against the one rebuilt from the verified ledger at the size the stored one
/// claims: every row changed, added or removed outside the library is listed.
/// </summary>
/// <param name="ChainId">The chain.</param>
/// <param name="LedgerSize">The chain's size now.</param>
/// <param name="ProjectionSize">The ledger size the stored rows claim to cover; 0 when never built.</param>
/// <param name="Drift">Every difference, most severe first, at most <see cref="MaxListed"/>.</param>
/// <param name="TotalDrift">How many differences there are in all.</param>
public sealed record ProjectionComparison(string ChainId, long LedgerSize, long ProjectionSize, IReadOnlyList<ProjectionDrift> Drift, long TotalDrift)
{
    /// <summary>The most differences listed; the rest are counted.</summary>
    public const int MaxListed = 10_000;

    /// <summary>Whether the stored rows are exactly what the ledger implies at <see cref="ProjectionSize"/>.</summary>
    public bool IsConsistent => TotalDrift == 0;

    /// <summary>Entries appended since the rows were built (not drift: rebuild to include them).</summary>
    public long EntriesBehind => LedgerSize - ProjectionSize;
}
