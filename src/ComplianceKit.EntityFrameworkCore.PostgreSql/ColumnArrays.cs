using ComplianceKit.EntityFrameworkCore.Dialects;

namespace ComplianceKit.EntityFrameworkCore.PostgreSql;

/// <summary>
/// Collects rows into one typed array per column (the parameters of an <c>unnest</c> insert), through the shared
/// column mapping. Column 0 (the chain id) is the same for every row and is sent once.
/// </summary>
internal struct ColumnArrays : ILedgerRowWriter
{
    private readonly Array[] _columns;

    /// <summary>Arrays for <paramref name="rows"/> rows of columns whose types are <paramref name="types"/> (index 0 unused).</summary>
    public ColumnArrays(int rows, params Type[] types)
    {
        _columns = new Array[types.Length];
        for (var i = 1; i < types.Length; i++)
        {
            _columns[i] = Array.CreateInstance(types[i], rows);
        }
    }

    /// <summary>The row the next values go to.</summary>
    public int Row { get; set; }

    /// <summary>The arrays of columns 1 and on, in column order.</summary>
    public readonly object[] Columns => _columns[1..];

    public readonly void Text(int column, string value)
    {
        if (column > 0)
        {
            ((string[])_columns[column])[Row] = value;
        }
    }

    public readonly void Number(int column, long? value)
    {
        switch (_columns[column])
        {
            case long[] longs:
                longs[Row] = value!.Value;
                break;
            case int[] ints:
                ints[Row] = checked((int)value!.Value);
                break;
            default:
                throw new InvalidOperationException($"Column {column} is not a number column.");
        }
    }

    public readonly void Binary(int column, byte[]? value) => ((byte[]?[])_columns[column])[Row] = value;
}
