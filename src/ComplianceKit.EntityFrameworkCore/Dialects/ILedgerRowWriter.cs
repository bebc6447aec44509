namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// Receives one row's values column by column (0-based, in <see cref="LedgerColumns.Entry"/> or
/// <see cref="LedgerColumns.Node"/> order) from <see cref="LedgerColumns"/>: a dialect binds them to a statement or
/// collects them into per-column arrays. A struct implementation is called without boxing.
/// </summary>
public interface ILedgerRowWriter
{
    /// <summary>A text column.</summary>
    void Text(int column, string value);

    /// <summary>An integer column; <see langword="null"/> is SQL NULL.</summary>
    void Number(int column, long? value);

    /// <summary>A binary column; <see langword="null"/> is SQL NULL (a purged payload).</summary>
    void Binary(int column, byte[]? value);
}
