namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>One difference between the stored projection and the one rebuilt from the verified ledger.</summary>
/// <param name="Table">The table, for example <c>ck_evidence</c>.</param>
/// <param name="Key">The row's key values joined with <c>/</c> (chain first).</param>
/// <param name="Kind">What differs.</param>
/// <param name="Column">The column, for <see cref="ProjectionDriftKind.ValueChanged"/>.</param>
/// <param name="Expected">What the ledger implies, as text.</param>
/// <param name="Actual">What the table holds, as text.</param>
public sealed record ProjectionDrift(string Table, string Key, ProjectionDriftKind Kind, string? Column = null, string? Expected = null, string? Actual = null)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ProjectionDriftKind.ValueChanged => $"{Table} {Key}: {Column} is '{Actual}', the ledger says '{Expected}'",
        ProjectionDriftKind.RowMissing => $"{Table} {Key}: row missing",
        ProjectionDriftKind.RowUnexpected => $"{Table} {Key}: row not implied by the ledger",
        _ => $"{Table} {Key}: {Kind}: {Expected ?? Actual}",
    };
}
