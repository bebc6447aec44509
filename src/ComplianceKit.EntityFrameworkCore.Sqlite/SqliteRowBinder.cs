using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.Sqlite;

/// <summary>
/// Binds <see cref="LedgerColumns"/>' row to a <see cref="SqliteStatement"/> by position. A struct, so
/// <c>LedgerColumns.WriteEntry&lt;SqliteRowBinder&gt;</c> is compiled for it and every bind is a direct, inlinable call
/// (through the class, the generic code is shared and each of the twelve binds per row is an interface dispatch).
/// </summary>
internal readonly struct SqliteRowBinder(SqliteStatement statement) : ILedgerRowWriter
{
    /// <inheritdoc />
    public void Text(int column, string value) => statement.Text(column + 1, value);

    /// <inheritdoc />
    public void Number(int column, long? value) => statement.Integer(column + 1, value);

    /// <inheritdoc />
    public void Binary(int column, byte[]? value) => statement.Blob(column + 1, value);
}
