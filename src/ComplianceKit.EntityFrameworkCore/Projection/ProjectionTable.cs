using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>One projection table: its columns in model order, its key, and its SQL.</summary>
internal sealed class ProjectionTable
{
    private readonly IReadOnlyList<string> _delimited;

    public ProjectionTable(Type rowType, string name, string qualifiedName, IReadOnlyList<ProjectionColumn> columns, IReadOnlyList<int> keyIndexes, IReadOnlyList<string> delimited)
    {
        RowType = rowType;
        Name = name;
        QualifiedName = qualifiedName;
        Columns = columns;
        KeyIndexes = keyIndexes;
        _delimited = delimited;
        RowsPerInsert = Math.Max(1, Math.Min(1000, 30_000 / columns.Count));
    }

    public Type RowType { get; }

    public string Name { get; }

    public string QualifiedName { get; }

    public IReadOnlyList<ProjectionColumn> Columns { get; }

    /// <summary>The positions of the primary key's columns in <see cref="Columns"/>.</summary>
    public IReadOnlyList<int> KeyIndexes { get; }

    public int RowsPerInsert { get; }

    public string Delete => $"DELETE FROM {QualifiedName} WHERE chain_id = @chain";

    public string Select => $"SELECT {string.Join(", ", _delimited)} FROM {QualifiedName} WHERE chain_id = @chain";

    public string Insert(int rows)
    {
        var sql = new StringBuilder(64 + (rows * Columns.Count * 8));
        sql.Append("INSERT INTO ").Append(QualifiedName).Append(" (").AppendJoin(", ", _delimited).Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < Columns.Count; column++)
            {
                sql.Append(column == 0 ? "@p" : ",@p").Append(((row * Columns.Count) + column).ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, rows.Count - start);
            var command = LedgerSql.Command(connection, transaction, Insert(count));
            await using var commandScope = command.ConfigureAwait(false);
            for (var row = 0; row < count; row++)
            {
                for (var column = 0; column < Columns.Count; column++)
                {
                    LedgerSql.Add(command, "@p" + ((row * Columns.Count) + column).ToString(CultureInfo.InvariantCulture), Columns[column].ProviderValue(rows[start + row]));
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
