using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.PostgreSql;

/// <summary>Collects one row's values as positional parameters, through the shared column mapping.</summary>
internal readonly struct HeadValues() : ILedgerRowWriter
{
    public object?[] Values { get; } = new object?[6];

    public void Text(int column, string value) => Values[column] = value;

    public void Number(int column, long? value) => Values[column] = value;

    public void Binary(int column, byte[]? value) => Values[column] = value;
}
