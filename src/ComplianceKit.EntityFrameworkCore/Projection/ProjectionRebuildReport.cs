using ComplianceKit.Projection;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>What a rebuild wrote.</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="LedgerSize">The ledger size the rows now cover (all of it was verified first).</param>
/// <param name="EntriesRead">Domain entries read.</param>
/// <param name="RowsWritten">Rows written per table.</param>
/// <param name="Issues">Entries that could not be applied as written.</param>
public sealed record ProjectionRebuildReport(string ChainId, long LedgerSize, long EntriesRead, IReadOnlyDictionary<string, int> RowsWritten, IReadOnlyList<ProjectionIssue> Issues);
