using System.Data.Common;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// The current row of a <see cref="DbDataReader"/> as an <see cref="ILedgerRowReader"/>, for engines whose dialect has no
/// reader of its own: one null check per binary column, then the provider's own conversion.
/// </summary>
internal readonly struct DataReaderRow(DbDataReader reader) : ILedgerRowReader
{
    /// <inheritdoc />
    public string Text(int column) => reader.GetString(column);

    /// <inheritdoc />
    public long Number(int column) => reader.GetInt64(column);

    /// <inheritdoc />
    public byte[]? Binary(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<byte[]>(column);
}
