namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// Gives one row's values column by column (0-based, in <see cref="LedgerColumns.Entry"/> order) to
/// <see cref="LedgerColumns.ReadEntry{TReader}(ref TReader)"/>: a dialect reads them from its own statement, without a
/// <see cref="System.Data.Common.DbDataReader"/>. A struct implementation is called without boxing.
/// </summary>
public interface ILedgerRowReader
{
    /// <summary>A text column.</summary>
    /// <exception cref="InvalidOperationException">The column is SQL NULL (the schema forbids it: the row was altered outside the library).</exception>
    string Text(int column);

    /// <summary>An integer column.</summary>
    /// <exception cref="InvalidOperationException">The column is SQL NULL (the schema forbids it: the row was altered outside the library).</exception>
    long Number(int column);

    /// <summary>A binary column; <see langword="null"/> for SQL NULL (a purged payload), empty for a zero-length value.</summary>
    byte[]? Binary(int column);
}
