using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// The current row of a <see cref="SqliteStatement"/> as <see cref="LedgerColumns"/>' row. A whole-chain verification reads
/// every column of every row: through <see cref="Microsoft.Data.Sqlite.SqliteDataReader"/> a blob column costs eight native
/// calls (three NULL checks of two calls each, then the blob and its length), here three; a struct, so
/// <c>LedgerColumns.ReadEntry&lt;SqliteRowReader&gt;</c> calls it directly.
/// </summary>
internal readonly struct SqliteRowReader(SqliteStatement statement) : ILedgerRowReader
{
    /// <inheritdoc />
    public string Text(int column) => statement.IsNull(column) ? throw Null(column) : statement.ColumnText(column);

    /// <inheritdoc />
    public long Number(int column) => statement.IsNull(column) ? throw Null(column) : statement.Int64(column);

    /// <inheritdoc />
    public byte[]? Binary(int column) => statement.IsNull(column) ? null : statement.Bytes(column);

    // What SqliteDataReader throws for the same row, so a damaged row fails the same way on either path.
    private static InvalidOperationException Null(int column) =>
        new($"The data is NULL at ordinal {column}. This method can't be called on NULL values. Check using IsDBNull before calling.");
}
